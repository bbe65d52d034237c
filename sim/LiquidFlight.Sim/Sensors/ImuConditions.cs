namespace LiquidFlight.Sim.Sensors;

/// <summary>
/// How the IMU samples reach the board. <see cref="JitterFraction"/> F: each sample's timestamp deviates from its
/// nominal slot by a uniform offset in [-F/2, +F/2] of the nominal period (so intervals range over (1 +- F) periods).
/// <see cref="DropProbability"/>: each sample is lost independently (a failed bus read). A bus stall starts at a
/// slot with <see cref="BurstProbability"/> and loses <see cref="BurstLengthSamples"/> consecutive samples.
/// <see cref="NoiseScale"/> multiplies white noise and bias drift (vibration, a worse sensor).
/// </summary>
public readonly record struct ImuConditions(
    double RateHz,
    double JitterFraction,
    double DropProbability,
    double BurstProbability,
    int BurstLengthSamples,
    double NoiseScale)
{
    public static ImuConditions Regular(double rateHz) => new(rateHz, 0, 0, 0, 0, 1);
}
