using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;
using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Tests.Flight;

/// <summary>
/// `ltc-float` must be the double-precision twin of `ltc`: the same parameters and the same solver order, so the
/// two differ only by arithmetic.
/// </summary>
public class ShippedModelTwinTests
{
    [Fact]
    public void The_double_twin_carries_every_field_of_the_firmware_constants()
    {
        LtcParameters shipped = ShippedModel.Create();
        LtcParameters back = LtcModelConverter.ToParameters(ShippedModelReference.Create());
        Assert.Equal(shipped.Solver, back.Solver);
        Assert.Equal(shipped.Unfolds, back.Unfolds);
        foreach (string field in GoldenVectors.ParameterArrayFields)
        {
            Assert.Equal(GoldenVectors.GetArray(shipped, field), GoldenVectors.GetArray(back, field));
        }
    }

    [Theory]
    [InlineData(200)]
    [InlineData(500)]
    public void Fixed_point_and_double_fly_the_same_flight(int loopHz)
    {
        var frame = FrameCatalog.Get("quad250-brushless");
        Assert.True(ScenarioCatalog.TryGet("attitude-steps", out var scenario));
        double Rms(string controller)
        {
            var c = ControllerCatalog.Create(controller, frame);
            return ClosedLoopRunner.Fly(new FlightRequest
            {
                Scenario = scenario,
                Frame = frame,
                Conditions = scenario.Resolve(frame, new ConditionOverrides { LoopHz = loopHz }),
                Seed = 3,
                Controller = c.Controller,
                ControllerName = c.Name,
            }).RmsAttitudeErrorDeg;
        }

        double fixedRms = Rms(ControllerCatalog.Ltc);
        double doubleRms = Rms(ControllerCatalog.LtcFloat);
        Assert.InRange(doubleRms, fixedRms - 0.2, fixedRms + 0.2);
    }
}
