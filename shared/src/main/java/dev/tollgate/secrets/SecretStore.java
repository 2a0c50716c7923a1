package dev.tollgate.secrets;

/** A store of named secrets, read over the network (one port; {@link ParametersSecretsExtension} is the real one). */
public interface SecretStore {
  /**
   * The current SecretString of {@code secretId}.
   *
   * @throws SecretUnavailableException when the store does not answer it (the message names the
   *     secret id and the reason, never a value)
   */
  String read(String secretId);
}
