package dev.tollgate.experiment;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.config.GatingConfig.Experiment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The config's experiments by loop, and the event meta's arm text: the {@code experiment:arm}
 * tokens of the loops a call matched, comma-separated (names are {@code [a-z0-9_-]}, so the
 * separators never occur in them).
 */
public final class Experiments {
  private final Map<String, Experiment> byLoop = new HashMap<>();

  /** The experiments of {@code config}. */
  public Experiments(GatingConfig config) {
    config.experiments().values().forEach(x -> byLoop.put(x.loop(), x));
  }

  /** The account's assignment in the experiment on {@code loop}, if that loop has one. */
  public Optional<Assignment> assignment(String accountId, String loop) {
    Experiment x = byLoop.get(loop);
    return x == null ? Optional.empty() : Optional.of(new Assignment(x.name(), loop, ArmAssignment.assign(x, accountId)));
  }

  /**
   * The account's assignments in the experiments on the loops of {@code matched} (each loop
   * once), {@code loopOf} naming an item's loop (the gates of a call: this package knows loops,
   * not gates).
   */
  public <T> List<Assignment> assignments(String accountId, List<T> matched, Function<T, String> loopOf) {
    if (byLoop.isEmpty()) {
      return List.of();
    }
    List<Assignment> out = new ArrayList<>(1);
    for (T m : matched) {
      String loop = loopOf.apply(m);
      if (byLoop.containsKey(loop) && out.stream().noneMatch(a -> a.loop().equals(loop))) {
        assignment(accountId, loop).ifPresent(out::add);
      }
    }
    return out;
  }

  /** The meta text of {@code assignments} (null when empty). */
  public static String encode(List<Assignment> assignments) {
    if (assignments.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (Assignment a : assignments) {
      b.append(b.length() == 0 ? "" : ",").append(a.token());
    }
    return b.toString();
  }

  /**
   * The assignment that meta text {@code arms} recorded for {@code loop}'s experiment, if that
   * experiment and arm are still configured (a config reload may have removed them).
   */
  public Optional<Assignment> recorded(String arms, String loop) {
    Experiment x = byLoop.get(loop);
    if (arms == null || x == null) {
      return Optional.empty();
    }
    for (String token : arms.split(",")) {
      int colon = token.indexOf(':');
      if (colon > 0 && token.substring(0, colon).equals(x.name())) {
        GatingConfig.Arm arm = x.arms().get(token.substring(colon + 1));
        return arm == null ? Optional.empty() : Optional.of(new Assignment(x.name(), loop, arm));
      }
    }
    return Optional.empty();
  }

  /** Each arm's {@code upgradeUrl} override by {@code experiment:arm} (arms without one are left out). */
  public static Map<String, String> upgradeUrls(GatingConfig config) {
    Map<String, String> out = new HashMap<>();
    for (Experiment x : config.experiments().values()) {
      x.arms().values().forEach(a -> a.upgradeUrl().ifPresent(u -> out.put(x.name() + ":" + a.name(), u)));
    }
    return out;
  }
}
