package dev.tollgate.conversion;

/** The in-memory fake passes the conversion log contract. */
class InMemoryConversionLogTest extends ConversionLogContract {
  @Override
  protected ConversionLog log() {
    return new InMemoryConversionLog();
  }
}
