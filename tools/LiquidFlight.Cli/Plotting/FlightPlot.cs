using LiquidFlight.Sim.Runner;
using ScottPlot;

namespace LiquidFlight.Cli.Plotting;

/// <summary>
/// One PNG per flight, panels stacked on a shared time axis: roll/pitch against their setpoints, body rates,
/// the four motor outputs, and (for a network controller) every neuron's state.
/// </summary>
public static class FlightPlot
{
    /// <summary>The plot as PNG bytes (the caller writes them, so a file error names its option).</summary>
    public static byte[] Png(FlightResult result)
    {
        var r = result.Recording ?? throw new InvalidOperationException("the flight was not recorded");
        double[] t = [.. r.TimeS];
        var multiplot = new Multiplot();
        int panels = r.NeuronCount > 0 ? 4 : 3;
        multiplot.AddPlots(panels);

        var attitude = multiplot.GetPlot(0);
        attitude.Title($"{result.Controller} on {result.Frame}, scenario {result.Scenario}, seed {result.Seed}" +
                       (result.Crashed ? $": CRASHED ({result.CrashReason})" : $": RMS error {result.RmsAttitudeErrorDeg:F2} deg"));
        Line(attitude, t, r.RollSetpointDeg, "roll setpoint", Colors.Blue, dashed: true);
        Line(attitude, t, r.RollDeg, "roll", Colors.Blue);
        Line(attitude, t, r.PitchSetpointDeg, "pitch setpoint", Colors.Red, dashed: true);
        Line(attitude, t, r.PitchDeg, "pitch", Colors.Red);
        Line(attitude, t, r.EstimatedRollDeg, "roll estimate", Colors.LightBlue);
        attitude.YLabel("attitude (deg)");
        attitude.ShowLegend(Alignment.UpperRight);

        var rates = multiplot.GetPlot(1);
        Line(rates, t, r.RollRateDegS, "roll rate p", Colors.Blue);
        Line(rates, t, r.PitchRateDegS, "pitch rate q", Colors.Red);
        Line(rates, t, r.YawRateDegS, "yaw rate r", Colors.Green);
        Line(rates, t, r.YawRateSetpointDegS, "yaw rate setpoint", Colors.Green, dashed: true);
        rates.YLabel("body rate (deg/s)");
        rates.ShowLegend(Alignment.UpperRight);

        var motors = multiplot.GetPlot(2);
        Color[] motorColors = [Colors.Orange, Colors.Purple, Colors.Teal, Colors.Brown];
        for (int m = 0; m < 4; m++)
        {
            Line(motors, t, r.MotorOutput[m], $"M{m + 1}", motorColors[m]);
        }

        motors.YLabel("motor output (0-1)");
        motors.ShowLegend(Alignment.UpperRight);

        if (r.NeuronCount > 0)
        {
            var neurons = multiplot.GetPlot(3);
            var palette = new ScottPlot.Palettes.Category20();
            for (int n = 0; n < r.NeuronCount; n++)
            {
                Line(neurons, t, r.NeuronState[n], $"n{n}", palette.GetColor(n));
            }

            neurons.YLabel("neuron state v");
            neurons.ShowLegend(Alignment.UpperRight);
        }

        multiplot.GetPlot(panels - 1).XLabel("time (s)");
        multiplot.SharedAxes.ShareX(multiplot.GetPlots());

        return multiplot.Render(1400, 330 * panels).GetImageBytes(ImageFormat.Png);
    }

    private static void Line(Plot plot, double[] t, List<double> values, string label, Color color, bool dashed = false)
    {
        var line = plot.Add.ScatterLine(t, values.ToArray(), color);
        line.LegendText = label;
        line.LineWidth = dashed ? 1.5f : 1.2f;
        if (dashed)
        {
            line.LinePattern = LinePattern.Dashed;
        }
    }
}
