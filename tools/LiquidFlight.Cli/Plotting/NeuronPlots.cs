using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;
using LiquidFlight.Training.Inspection;
using ScottPlot;

namespace LiquidFlight.Cli.Plotting;

/// <summary>
/// The interpretability pictures of a small LTC: neuron activity over a flight (state and liquid time constant,
/// grouped by role) and the wiring diagram (layers left to right, synapse colour = polarity of its reversal
/// potential, line width = weight).
/// </summary>
public static class NeuronPlots
{
    private static readonly Color Excitatory = Color.FromHex("#2E7D32");
    private static readonly Color Inhibitory = Color.FromHex("#C62828");

    /// <summary>"m0 roll", "c4", "i9": role initial, index, and the output name for motor neurons.</summary>
    public static string Label(LtcModel m, int neuron)
    {
        int role = m.Roles[neuron];
        string prefix = role == NeuronRole.Motor ? "m" : role == NeuronRole.Command ? "c" : "i";
        string name = role == NeuronRole.Motor && neuron < m.OutputNames.Length ? " " + m.OutputNames[neuron] : "";
        return $"{prefix}{neuron}{name}";
    }

    public static byte[] ActivityPng(NeuronTrace trace, string title)
    {
        LtcModel m = trace.Model;
        double[] t = [.. trace.TimeS];
        var groups = new (string Role, int Code)[] { ("motor", NeuronRole.Motor), ("command", NeuronRole.Command), ("inter", NeuronRole.Inter) };
        var multiplot = new Multiplot();
        int panels = 1 + (2 * groups.Length);
        multiplot.AddPlots(panels);
        var palette = new ScottPlot.Palettes.Category10();

        var sensory = multiplot.GetPlot(0);
        sensory.Title(title);
        for (int k = 0; k < m.InputCount; k++)
        {
            var line = sensory.Add.ScatterLine(t, trace.MappedInputs[k].ToArray(), palette.GetColor(k));
            line.LegendText = m.InputNames[k];
        }

        sensory.YLabel("sensory (mapped input)");
        sensory.ShowLegend(Alignment.UpperRight);

        for (int g = 0; g < groups.Length; g++)
        {
            var state = multiplot.GetPlot(1 + (2 * g));
            var tau = multiplot.GetPlot(2 + (2 * g));
            int colour = 0;
            for (int i = 0; i < m.NeuronCount; i++)
            {
                if (m.Roles[i] != groups[g].Code) continue;
                var c = palette.GetColor(colour++);
                var s = state.Add.ScatterLine(t, trace.States[i].ToArray(), c);
                s.LegendText = Label(m, i);
                // Time constants span decades; log10 of milliseconds keeps fast and slow neurons readable.
                double[] logTau = trace.TimeConstantsS[i].Select(x => double.IsFinite(x) && x > 0 ? Math.Log10(x * 1000) : double.NaN).ToArray();
                var l = tau.Add.ScatterLine(t, logTau, c);
                l.LegendText = Label(m, i);
            }

            state.YLabel($"{groups[g].Role} state v");
            state.ShowLegend(Alignment.UpperRight);
            tau.YLabel($"{groups[g].Role} log10 tau (ms)");
            tau.ShowLegend(Alignment.UpperRight);
        }

        multiplot.GetPlot(panels - 1).XLabel("time (s)");
        multiplot.SharedAxes.ShareX(multiplot.GetPlots());
        return multiplot.Render(1400, 260 * panels).GetImageBytes(ImageFormat.Png);
    }

    public static byte[] WiringPng(LtcModel m, string title)
    {
        var plot = new Plot();
        plot.Title(title);
        var inputPos = new Coordinates[m.InputCount];
        var neuronPos = new Coordinates[m.NeuronCount];
        for (int k = 0; k < m.InputCount; k++) inputPos[k] = new Coordinates(0, Spread(k, m.InputCount));
        int[] layerOf = { 3, 2, 1 }; // motor, command, inter -> column
        for (int role = NeuronRole.Motor; role <= NeuronRole.Inter; role++)
        {
            var members = Enumerable.Range(0, m.NeuronCount).Where(i => m.Roles[i] == role).ToArray();
            for (int j = 0; j < members.Length; j++) neuronPos[members[j]] = new Coordinates(layerOf[role], Spread(j, members.Length));
        }

        double maxW = Math.Max(1e-9, m.Sensory.W.Concat(m.Synapses.W).DefaultIfEmpty(1).Max());
        for (int k = 0; k < m.Sensory.Count; k++)
            Edge(plot, inputPos[m.Sensory.Source[k]], neuronPos[m.Sensory.Target[k]], m.Sensory.Erev[k], m.Sensory.W[k] / maxW, false);
        for (int k = 0; k < m.Synapses.Count; k++)
        {
            int a = m.Synapses.Source[k], b = m.Synapses.Target[k];
            bool sameLayer = m.Roles[a] == m.Roles[b];
            Edge(plot, neuronPos[a], neuronPos[b], m.Synapses.Erev[k], m.Synapses.W[k] / maxW, sameLayer);
        }

        for (int k = 0; k < m.InputCount; k++) Node(plot, inputPos[k], m.InputNames[k], Colors.SteelBlue, left: true);
        for (int i = 0; i < m.NeuronCount; i++)
        {
            var colour = m.Roles[i] == NeuronRole.Motor ? Colors.DarkOrange : m.Roles[i] == NeuronRole.Command ? Colors.MediumPurple : Colors.Gray;
            Node(plot, neuronPos[i], Label(m, i), colour, left: false);
        }

        string[] headers = { "sensory", "inter", "command", "motor" };
        for (int c = 0; c < headers.Length; c++)
        {
            var h = plot.Add.Text(headers[c], c, 1.12);
            h.LabelFontSize = 16;
            h.LabelBold = true;
            h.LabelAlignment = Alignment.LowerCenter;
        }

        var legendExc = plot.Add.Line(2.6, -1.12, 2.8, -1.12);
        legendExc.LineColor = Excitatory;
        legendExc.LineWidth = 3;
        var te = plot.Add.Text("excitatory (erev > 0)", 2.85, -1.12);
        te.LabelAlignment = Alignment.MiddleLeft;
        var legendInh = plot.Add.Line(0.6, -1.12, 0.8, -1.12);
        legendInh.LineColor = Inhibitory;
        legendInh.LineWidth = 3;
        var ti = plot.Add.Text("inhibitory (erev < 0); width = weight w", 0.85, -1.12);
        ti.LabelAlignment = Alignment.MiddleLeft;

        plot.HideAxesAndGrid();
        plot.Axes.SetLimits(-0.6, 3.9, -1.25, 1.25);
        return plot.GetImageBytes(1200, 800, ImageFormat.Png);
    }

    private static double Spread(int j, int count) => count <= 1 ? 0 : 1.0 - (2.0 * j / (count - 1));

    private static void Edge(Plot plot, Coordinates a, Coordinates b, double erev, double relativeWeight, bool sameLayer)
    {
        var colour = (erev >= 0 ? Excitatory : Inhibitory).WithAlpha(0.75);
        float width = (float)(0.5 + (6 * Math.Clamp(relativeWeight, 0, 1)));
        Coordinates[] path;
        if (sameLayer)
        {
            // Recurrent synapse inside a layer: bow out to the left of the column (labels sit on the right).
            double bow = a.Y == b.Y ? -0.12 : -0.12 - (0.1 * Math.Abs(a.Y - b.Y));
            var mid = new Coordinates(a.X + bow, (a.Y + b.Y) / 2);
            path = a.Y == b.Y ? [a, new Coordinates(a.X + bow, a.Y + 0.1), new Coordinates(a.X + bow, a.Y - 0.1), b] : [a, mid, b];
        }
        else
        {
            path = [a, b];
        }

        var line = plot.Add.ScatterLine(path.Select(p => p.X).ToArray(), path.Select(p => p.Y).ToArray(), colour);
        line.LineWidth = width;
        line.MarkerSize = 0;
        // A dot near the post-synaptic end shows the direction.
        var from = path[^2];
        plot.Add.Marker(from.X + (0.8 * (b.X - from.X)), from.Y + (0.8 * (b.Y - from.Y)), MarkerShape.FilledCircle, 3 + width, colour);
    }

    private static void Node(Plot plot, Coordinates at, string label, Color colour, bool left)
    {
        plot.Add.Marker(at, MarkerShape.FilledCircle, 22, colour);
        var text = plot.Add.Text(label, at.X + (left ? -0.08 : 0.08), at.Y);
        text.LabelAlignment = left ? Alignment.MiddleRight : Alignment.MiddleLeft;
        text.LabelFontSize = 13;
    }
}
