package dev.tollgate.experiment;

import dev.tollgate.config.GatingConfig.Arm;

/**
 * An account's arm in the experiment on {@code loop}.
 *
 * @param experiment the experiment's name
 * @param loop the loop whose prompt it varies
 * @param arm the arm the account sees
 */
public record Assignment(String experiment, String loop, Arm arm) {
  /** The {@code experiment:arm} token carried through the decision in the event meta. */
  public String token() {
    return experiment + ":" + arm.name();
  }
}
