package dev.reelrank.pipeline.world;

/**
 * How simulated users react to what they are shown. Probabilities are logistic in the true
 * affinity (see {@link AffinityModel}), the video's freshness and duration; clicks are discounted
 * by position ({@code examine(pos) = 1 / (1 + pos)^positionBias}).
 *
 * @param clickBase         click log-odds at zero affinity
 * @param clickAffinity     added log-odds per unit of affinity
 * @param clickFresh        added log-odds for a video uploaded just now (decays with a 3-day time constant)
 * @param clickDuration     log-odds per log(duration / 8 min): long videos are clicked a bit less
 * @param subscribedBoost   added log-odds when the user subscribes to the video's channel
 * @param positionBias      exponent of the examination probability
 * @param watchBase         log-odds of the mean watch ratio at zero affinity
 * @param watchAffinity     per unit of affinity
 * @param watchDuration     per log(duration / 8 min): long videos are finished less
 * @param watchNoise        standard deviation of the watch ratio around its mean
 * @param skipBelow         a watch ratio below this also logs a skip
 * @param policyInterest    share of impressions the logging policy draws from the user's current interests
 * @param policyRegion      ... from what is popular in the user's region
 * @param policySubscribed  ... from subscribed channels (the rest: globally popular)
 */
public record BehaviourModel(double clickBase, double clickAffinity, double clickFresh, double clickDuration,
                             double subscribedBoost, double positionBias, double watchBase, double watchAffinity,
                             double watchDuration, double watchNoise, double skipBelow, double policyInterest,
                             double policyRegion, double policySubscribed) {

    public static final BehaviourModel DEFAULTS = new BehaviourModel(-3.0, 9.0, 1.0, -0.2, 0.7, 0.6,
            -0.8, 7.0, -0.3, 0.18, 0.1, 0.5, 0.25, 0.1);

    static final double EIGHT_MINUTES = 480;

    public double examine(int position) {
        return 1 / Math.pow(1 + position, positionBias);
    }

    public double click(double affinity, double fresh, int duration, boolean subscribed, double userBias, int position) {
        double logit = clickBase + clickAffinity * affinity + clickFresh * fresh
                + clickDuration * Math.log(duration / EIGHT_MINUTES) + (subscribed ? subscribedBoost : 0) + userBias;
        return examine(position) * sigmoid(logit);
    }

    public double meanWatchRatio(double affinity, double fresh, int duration) {
        return sigmoid(watchBase + watchAffinity * affinity + watchDuration * Math.log(duration / EIGHT_MINUTES) + 0.5 * fresh);
    }

    public double like(double affinity, double ratio) {
        return 0.4 * sigmoid(10 * (affinity - 0.25)) * Math.min(1, ratio);
    }

    public double dislike(double affinity, double ratio) {
        return affinity < 0.05 ? 0.08 * (1 - Math.min(1, ratio)) : 0;
    }

    public double share(double affinity) {
        return 0.05 * sigmoid(10 * (affinity - 0.3));
    }

    /** For a shown but not clicked video. */
    public double notInterested(double affinity) {
        return affinity < 0.03 ? 0.01 : 0;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
