namespace LiquidFlight.Sim.Runner;

/// <summary>Read access to a network controller's neuron states, for recording and plots.</summary>
public interface INeuronProbe
{
    int NeuronCount { get; }

    /// <summary>Writes the current state of each neuron (in the network's own units) into <paramref name="states"/>.</summary>
    void Read(double[] states);
}
