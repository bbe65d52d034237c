using LiquidFlight.Core.Safety;

namespace LiquidFlight.Core.Tests.Safety;

public class ArmingGuardTests
{
    private static ArmingConditions AllGood() => new ArmingConditions
    {
        ImuPresent = true,
        ImuHealthy = true,
        GyroCalibrated = true,
        Roll = 0,
        Pitch = 0,
        Throttle = 0,
        RcLinkUp = true,
        LoopHealthy = true,
        FailsafeActive = false,
        NumericHealthy = true,
    };

    /// <summary>A guard that has seen the switch off (the normal state after boot with the switch down).</summary>
    private static ArmingGuard Ready(ArmingConditions c)
    {
        var g = new ArmingGuard();
        g.Update(c, false);
        return g;
    }

    [Fact]
    public void Arms_on_rising_edge_when_all_is_well_and_disarms_on_switch_off()
    {
        var c = AllGood();
        var g = Ready(c);
        Assert.True(g.Update(c, true));
        Assert.True(g.Armed);
        Assert.False(g.Update(c, true)); // holding the switch changes nothing
        Assert.True(g.Update(c, false));
        Assert.False(g.Armed);
    }

    [Fact]
    public void Switch_on_at_boot_must_be_cycled_first()
    {
        var c = AllGood();
        var g = new ArmingGuard();
        Assert.False(g.Update(c, true)); // first look: switch already on
        Assert.False(g.Armed);
        Assert.Equal(ArmingDisableFlags.ArmSwitchNotCycled, g.Flags);
        g.Update(c, false);
        Assert.Equal(ArmingDisableFlags.None, g.Flags);
        g.Update(c, true);
        Assert.True(g.Armed);
    }

    public static TheoryData<string, ArmingDisableFlags> Refusals => new()
    {
        { "no imu", ArmingDisableFlags.NoImu },
        { "imu unhealthy", ArmingDisableFlags.ImuUnhealthy },
        { "not calibrated", ArmingDisableFlags.NotCalibrated },
        { "tilted roll", ArmingDisableFlags.NotLevel },
        { "tilted pitch", ArmingDisableFlags.NotLevel },
        { "throttle", ArmingDisableFlags.ThrottleHigh },
        { "no link", ArmingDisableFlags.NoRcLink },
        { "loop", ArmingDisableFlags.LoopUnhealthy },
        { "failsafe", ArmingDisableFlags.FailsafeActive },
        { "numeric", ArmingDisableFlags.NumericFault },
    };

    private static void Break(ArmingConditions c, string what)
    {
        switch (what)
        {
            case "no imu": c.ImuPresent = false; break;
            case "imu unhealthy": c.ImuHealthy = false; break;
            case "not calibrated": c.GyroCalibrated = false; break;
            case "tilted roll": c.Roll = 28837; break;   // 25.2 deg in rad Q16 (0.44 rad): over 25 deg
            case "tilted pitch": c.Pitch = -28837; break;
            case "throttle": c.Throttle = 3277 + 1; break; // just over 5 % (3276.8)
            case "no link": c.RcLinkUp = false; break;
            case "loop": c.LoopHealthy = false; break;
            case "failsafe": c.FailsafeActive = true; break;
            case "numeric": c.NumericHealthy = false; break;
        }
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Each_condition_refuses_arming_and_is_reported(string what, ArmingDisableFlags flag)
    {
        var c = AllGood();
        Break(c, what);
        var g = Ready(c);
        Assert.False(g.Update(c, true));
        Assert.False(g.Armed);
        Assert.Equal(flag, g.Flags);
        Assert.Equal(flag, g.LastRefusal);
        Assert.Equal(1, g.Refusals);
    }

    [Fact]
    public void Tilt_just_inside_the_limit_arms()
    {
        var c = AllGood();
        c.Roll = 28500; // 24.9 deg (0.4349 rad)
        c.Pitch = -28500;
        var g = Ready(c);
        g.Update(c, true);
        Assert.True(g.Armed);
    }

    [Fact]
    public void Several_reasons_are_reported_together()
    {
        var c = AllGood();
        c.RcLinkUp = false;
        c.Throttle = 65536;
        c.GyroCalibrated = false;
        var g = Ready(c);
        g.Update(c, true);
        Assert.Equal(ArmingDisableFlags.NoRcLink | ArmingDisableFlags.ThrottleHigh | ArmingDisableFlags.NotCalibrated, g.LastRefusal);
    }

    [Fact]
    public void Clearing_a_condition_while_the_switch_is_on_does_not_arm()
    {
        var c = AllGood();
        c.Throttle = 65536;
        var g = Ready(c);
        g.Update(c, true); // refused
        c.Throttle = 0;
        g.Update(c, true);
        Assert.False(g.Armed);
        Assert.Equal(ArmingDisableFlags.ArmSwitchNotCycled, g.Flags);
        g.Update(c, false);
        g.Update(c, true);
        Assert.True(g.Armed);
    }

    [Fact]
    public void Conditions_do_not_disarm_once_armed_only_the_switch_or_a_forced_disarm_does()
    {
        var c = AllGood();
        var g = Ready(c);
        g.Update(c, true);
        c.Throttle = 65536;
        c.Roll = 60000;
        g.Update(c, true);
        Assert.True(g.Armed);
        g.Disarm();
        Assert.False(g.Armed);
        c.Throttle = 0;
        c.Roll = 0;
        g.Update(c, true);
        Assert.False(g.Armed); // needs a new edge
        g.Update(c, false);
        g.Update(c, true);
        Assert.True(g.Armed);
    }
}
