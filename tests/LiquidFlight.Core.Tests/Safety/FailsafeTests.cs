using LiquidFlight.Core.Safety;

namespace LiquidFlight.Core.Tests.Safety;

public class FailsafeTests
{
    private const int Hover = 30000;  // above the 5 % low-throttle mark
    private const long Ms = 1000;

    /// <summary>Armed and flying since t = 0 with frames every 10 ms until <paramref name="lastFrameUs"/>.</summary>
    private static Failsafe Flying(long lastFrameUs)
    {
        var f = new Failsafe(new SafetyLimits { LandingMaxMs = 5000 });
        for (long t = 0; t <= lastFrameUs; t += 10 * Ms)
        {
            f.RcFrameReceived(t);
            f.Update(t, true, true, Hover, FailsafeCause.None);
        }

        return f;
    }

    [Fact]
    public void Rc_loss_in_flight_starts_landing_after_the_timeout_then_motors_off()
    {
        var f = Flying(1000 * Ms);
        f.Update(1300 * Ms, true, true, Hover, FailsafeCause.None);
        Assert.Equal(FailsafePhase.Idle, f.Phase); // exactly 300 ms: still within the timeout
        f.Update(1300 * Ms + 1, true, true, Hover, FailsafeCause.None);
        Assert.Equal(FailsafePhase.Landing, f.Phase);
        Assert.Equal(FailsafeCause.RcLoss, f.Cause);
        Assert.Equal(1, f.Activations);

        long start = 1300 * Ms + 1;
        f.Update(start + 5000 * Ms - 1, true, true, Hover, FailsafeCause.None);
        Assert.Equal(FailsafePhase.Landing, f.Phase);
        f.Update(start + 5000 * Ms, true, true, Hover, FailsafeCause.None);
        Assert.Equal(FailsafePhase.MotorsOff, f.Phase);
    }

    [Fact]
    public void A_touchdown_ends_the_landing_in_motors_off_and_nothing_else()
    {
        var f = Flying(1000 * Ms);
        f.TouchedDown(1000 * Ms); // not landing: ignored
        Assert.Equal(FailsafePhase.Idle, f.Phase);
        f.Update(1301 * Ms, true, true, Hover, FailsafeCause.None);
        Assert.Equal(FailsafePhase.Landing, f.Phase);
        f.TouchedDown(2000 * Ms);
        Assert.Equal(FailsafePhase.MotorsOff, f.Phase);
        Assert.Equal(FailsafeCause.RcLoss, f.Cause);
        Assert.True(f.EndedByTouchdown);
        Assert.Equal(2000 * Ms, f.PhaseStartUs);
    }

    [Fact]
    public void Motors_off_ends_only_with_the_link_back_and_the_arm_switch_off()
    {
        var f = Flying(0);
        f.Update(301 * Ms, true, true, Hover, FailsafeCause.None);
        f.Update(5302 * Ms, true, true, Hover, FailsafeCause.None);
        Assert.Equal(FailsafePhase.MotorsOff, f.Phase);

        f.Update(6000 * Ms, false, false, 0, FailsafeCause.None); // switch off, link still down
        Assert.Equal(FailsafePhase.MotorsOff, f.Phase);
        f.RcFrameReceived(7000 * Ms);
        f.Update(7000 * Ms, false, true, 0, FailsafeCause.None); // link back, switch still on
        Assert.Equal(FailsafePhase.MotorsOff, f.Phase);
        f.RcFrameReceived(7010 * Ms);
        f.Update(7010 * Ms, false, false, 0, FailsafeCause.None);
        Assert.Equal(FailsafePhase.Idle, f.Phase);
    }

    [Fact]
    public void Link_back_during_landing_returns_control_after_the_recovery_time()
    {
        var f = Flying(0);
        f.Update(301 * Ms, true, true, Hover, FailsafeCause.None);
        Assert.Equal(FailsafePhase.Landing, f.Phase);
        for (long t = 1000 * Ms; t < 2000 * Ms; t += 10 * Ms)
        {
            f.RcFrameReceived(t);
            f.Update(t, true, true, Hover, FailsafeCause.None);
            Assert.Equal(FailsafePhase.Landing, f.Phase);
        }

        f.RcFrameReceived(2000 * Ms);
        f.Update(2000 * Ms, true, true, Hover, FailsafeCause.None); // 1 s of good link
        Assert.Equal(FailsafePhase.Idle, f.Phase);
    }

    [Fact]
    public void Recovery_disabled_keeps_landing_to_motors_off()
    {
        var f = Flying(0);
        f.RecoveryUs = 0;
        f.Update(301 * Ms, true, true, Hover, FailsafeCause.None);
        for (long t = 400 * Ms; t <= 5310 * Ms; t += 10 * Ms)
        {
            f.RcFrameReceived(t);
            f.Update(t, true, true, Hover, FailsafeCause.None);
        }

        Assert.Equal(FailsafePhase.MotorsOff, f.Phase);
    }

    [Theory]
    [InlineData(FailsafeCause.ImuFailure)]
    [InlineData(FailsafeCause.LoopOverrun)]
    [InlineData(FailsafeCause.NumericFault)]
    public void Hard_faults_stop_the_motors_at_once(FailsafeCause cause)
    {
        var f = Flying(1000 * Ms);
        f.Update(1005 * Ms, true, true, Hover, cause);
        Assert.Equal(FailsafePhase.MotorsOff, f.Phase);
        Assert.Equal(cause, f.Cause);

        // cannot leave while the fault persists, even with link and switch off
        f.RcFrameReceived(1100 * Ms);
        f.Update(1100 * Ms, false, false, 0, cause);
        Assert.Equal(FailsafePhase.MotorsOff, f.Phase);
        f.Update(1110 * Ms, false, false, 0, FailsafeCause.None);
        Assert.Equal(FailsafePhase.Idle, f.Phase);
    }

    [Fact]
    public void Hard_fault_during_landing_stops_the_motors_and_keeps_both_causes()
    {
        var f = Flying(0);
        f.Update(301 * Ms, true, true, Hover, FailsafeCause.None);
        f.Update(400 * Ms, true, true, Hover, FailsafeCause.ImuFailure);
        Assert.Equal(FailsafePhase.MotorsOff, f.Phase);
        Assert.Equal(FailsafeCause.RcLoss | FailsafeCause.ImuFailure, f.Cause);
    }

    [Fact]
    public void Rc_loss_while_armed_on_the_ground_stops_the_motors_instead_of_landing()
    {
        var f = new Failsafe(new SafetyLimits { LandingMaxMs = 5000 });
        for (long t = 0; t <= 2000 * Ms; t += 10 * Ms)
        {
            f.RcFrameReceived(t);
            f.Update(t, true, true, 0, FailsafeCause.None); // armed, throttle never raised
        }

        f.Update(2301 * Ms, true, true, 0, FailsafeCause.None);
        Assert.Equal(FailsafePhase.MotorsOff, f.Phase);
    }

    [Fact]
    public void Throttle_low_for_the_drop_delay_counts_as_landed()
    {
        var f = new Failsafe(new SafetyLimits { LandingMaxMs = 5000 });
        f.RcFrameReceived(0);
        f.Update(0, true, true, Hover, FailsafeCause.None);
        for (long t = 10 * Ms; t <= 10010 * Ms; t += 10 * Ms)
        {
            f.RcFrameReceived(t);
            f.Update(t, true, true, 0, FailsafeCause.None); // low since t = 0 (last high)
        }

        f.Update(10311 * Ms, true, true, 0, FailsafeCause.None);
        Assert.Equal(FailsafePhase.MotorsOff, f.Phase);
    }

    [Fact]
    public void Throttle_low_for_less_than_the_drop_delay_still_lands()
    {
        var f = new Failsafe(new SafetyLimits { LandingMaxMs = 5000 });
        f.RcFrameReceived(0);
        f.Update(0, true, true, Hover, FailsafeCause.None);
        for (long t = 10 * Ms; t <= 5000 * Ms; t += 10 * Ms)
        {
            f.RcFrameReceived(t);
            f.Update(t, true, true, 0, FailsafeCause.None);
        }

        f.Update(5301 * Ms, true, true, 0, FailsafeCause.None);
        Assert.Equal(FailsafePhase.Landing, f.Phase);
    }

    [Fact]
    public void Nothing_happens_while_disarmed()
    {
        var f = new Failsafe(new SafetyLimits { LandingMaxMs = 5000 });
        f.Update(10000 * Ms, false, false, 0, FailsafeCause.ImuFailure);
        Assert.Equal(FailsafePhase.Idle, f.Phase);
        Assert.False(f.RcLinkUp(10000 * Ms));
    }
}
