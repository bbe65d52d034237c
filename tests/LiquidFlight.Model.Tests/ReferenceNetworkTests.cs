using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Model.Tests;

public sealed class ReferenceNetworkTests
{
    /// <summary>One neuron whose only synapse is saturated on (s = 1): a linear ODE with a closed-form solution.</summary>
    private static LtcModel LinearNeuron(int unfolds) => new()
    {
        Unfolds = unfolds,
        InputNames = ["x"], InputScale = [1], InputOffset = [0],
        OutputNames = ["y"], OutputScale = [1], OutputOffset = [0],
        Roles = [NeuronRole.Motor], Cm = [0.05], Gleak = [0.5], Vleak = [-0.2],
        Sensory = new SynapseSet { Source = [0], Target = [0], W = [1.5], Sigma = [200], Mu = [0], Erev = [1] },
        Synapses = new SynapseSet(),
    };

    [Theory]
    [InlineData(1, 100)]
    [InlineData(6, 2000)]
    public void Converges_to_the_exact_exponential_of_the_linear_case(int unfolds, long dtMicros)
    {
        // cm dv/dt = gleak (vleak - v) + w (erev - v): v_inf = (0.5 * -0.2 + 1.5) / 2 = 0.7, tau = 0.05 / 2 = 25 ms.
        var net = new ReferenceNetwork(LinearNeuron(unfolds));
        var y = new double[1];
        long t = 0;
        while (t < 50_000)
        {
            net.Step([1.0], dtMicros, y);
            t += dtMicros;
        }

        double exact = 0.7 + ((-0.2 - 0.7) * Math.Exp(-0.05 / 0.025));
        Assert.InRange(net.GetState(0), exact - 2e-3, exact + 2e-3);
        Assert.Equal(net.GetState(0), y[0]);
        Assert.Equal(0.025, net.GetTimeConstant(0), 12);
    }

    [Fact]
    public void One_fused_step_is_the_ratio_of_the_design()
    {
        // cm_t = 0.05 * 1 / 0.01 = 5: v = (5 * -0.2 + 0.5 * -0.2 + 1.5 * 1) / (5 + 0.5 + 1.5) = 0.4 / 7.
        var net = new ReferenceNetwork(LinearNeuron(1));
        net.Step([1.0], 10_000, new double[1]);
        Assert.Equal(0.4 / 7, net.GetState(0), 12);
    }

    [Fact]
    public void Holds_for_non_positive_dt_and_caps_long_intervals_at_one_second()
    {
        var net = new ReferenceNetwork(LinearNeuron(1));
        Assert.False(net.Step([1.0], 0, new double[1]));
        Assert.False(net.Step([1.0], -3, new double[1]));
        Assert.Equal(-0.2, net.GetState(0));

        var capped = new ReferenceNetwork(LinearNeuron(1));
        var oneSecond = new ReferenceNetwork(LinearNeuron(1));
        capped.Step([1.0], 10_000_000, new double[1]);
        oneSecond.Step([1.0], 1_000_000, new double[1]);
        Assert.Equal(oneSecond.GetState(0), capped.GetState(0));
    }
}
