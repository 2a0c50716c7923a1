package dev.tollgate.experiment;

import dev.tollgate.config.GatingConfig.Arm;
import dev.tollgate.config.GatingConfig.Experiment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which arm of an experiment an account sees: weighted rendezvous hashing (the "straw2" draw).
 * Each arm draws {@code ln(u) / weight}, with {@code u} in (0, 1) taken from
 * SHA-256({@code experiment + "\n" + arm + "\n" + accountId}); the highest draw wins, so arm
 * {@code i} wins with probability {@code weight_i / sum(weights)}.
 *
 * <p>Why this and not buckets over the summed weights: an account's draw for an arm depends
 * only on the experiment, the arm's name and weight, and the account, never on the order or the
 * other arms. So an account keeps its arm while that arm exists with its weight and no other
 * arm's weight grows: reordering arms moves nobody; adding an arm moves accounts only into the
 * new arm (its share of them); removing an arm moves only its own accounts (spread over the
 * rest by weight); raising an arm's weight only moves accounts into it, lowering it only moves
 * accounts out of it. Renaming an arm is removing one and adding another. Pure, stable across
 * JVMs ({@link StrictMath}), no Redis involved: the authorizer computes it on each call to a
 * loop that has an experiment.
 */
public final class ArmAssignment {
  private static final double TWO_TO_53 = 0x1p53;

  private ArmAssignment() {}

  /** The arm of {@code experiment} that {@code accountId} (an {@code AccountId} value) sees. */
  public static Arm assign(Experiment experiment, String accountId) {
    Arm best = null;
    double bestDraw = Double.NEGATIVE_INFINITY;
    for (Arm arm : experiment.arms().values()) {
      double draw = StrictMath.log(uniform(experiment.name(), arm.name(), accountId)) / arm.weight();
      if (best == null || draw > bestDraw || (draw == bestDraw && arm.name().compareTo(best.name()) < 0)) {
        best = arm;
        bestDraw = draw;
      }
    }
    return best;
  }

  /** A number in (0, 1) from the first 53 bits of SHA-256(experiment \n arm \n account). */
  static double uniform(String experiment, String arm, String accountId) {
    byte[] h = sha256(experiment + "\n" + arm + "\n" + accountId);
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (h[i] & 0xff);
    }
    return ((bits >>> 11) + 0.5) / TWO_TO_53;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
