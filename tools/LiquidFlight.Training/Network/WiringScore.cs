using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;

namespace LiquidFlight.Training.Network;

/// <summary>
/// How well a drawn NCP wiring suits the stabiliser, before any training: each motor neuron should be reachable
/// from its own axis's inputs (roll error and roll rate for the roll motor, ...) along sensory -> inter ->
/// command -> motor paths, and preferably not through command neurons shared with other axes. A random wiring
/// can leave an axis with a single narrow path (or none); scoring many seeds and fitting only the best few is
/// far cheaper than fitting them all.
/// </summary>
public static class WiringScore
{
    /// <summary>Inputs that drive each output of the stabiliser: (roll error, roll rate), (pitch ...), (yaw-rate error, yaw rate).</summary>
    public static readonly int[][] StabiliserAxisInputs = [[0, 3], [1, 4], [2, 5]];

    /// <summary>
    /// Score = sum over motors of log(1 + paths from the axis's own inputs) minus a quarter of log(1 + paths from
    /// other axes' inputs); minus 10 for every axis input that cannot reach its motor at all.
    /// </summary>
    public static double Score(LtcModel m, int[][] axisInputs)
    {
        int n = m.NeuronCount;
        // paths[input, neuron]: number of sensory->inter->command paths (command recurrences ignored).
        var interFrom = new double[m.InputCount, n];
        for (int k = 0; k < m.Sensory.Count; k++) interFrom[m.Sensory.Source[k], m.Sensory.Target[k]] += 1;
        var commandFrom = new double[m.InputCount, n];
        for (int k = 0; k < m.Synapses.Count; k++)
        {
            int src = m.Synapses.Source[k], dst = m.Synapses.Target[k];
            if (m.Roles[src] == NeuronRole.Inter && m.Roles[dst] == NeuronRole.Command)
                for (int i = 0; i < m.InputCount; i++) commandFrom[i, dst] += interFrom[i, src];
        }

        double score = 0;
        for (int motor = 0; motor < axisInputs.Length && motor < m.OutputCount; motor++)
        {
            var own = new double[m.InputCount];
            for (int k = 0; k < m.Synapses.Count; k++)
            {
                if (m.Synapses.Target[k] != motor || m.Roles[m.Synapses.Source[k]] != NeuronRole.Command) continue;
                for (int i = 0; i < m.InputCount; i++) own[i] += commandFrom[i, m.Synapses.Source[k]];
            }

            double relevant = 0, other = 0;
            for (int i = 0; i < m.InputCount; i++)
            {
                if (axisInputs[motor].Contains(i))
                {
                    relevant += own[i];
                    if (own[i] == 0) score -= 10;
                }
                else
                {
                    other += own[i];
                }
            }

            score += Math.Log(1 + relevant) - (0.25 * Math.Log(1 + other));
        }

        return score;
    }
}
