using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;

namespace LiquidFlight.Core.Tests.Ltc;

/// <summary>
/// The layered solver order: within one unfold the inter, command and motor layers update in turn, so an input
/// crosses the NCP's three synapse layers in a single unfold, where the Jacobi order (ncps) moves it one layer per
/// unfold. Checked on the default NCP (with faster neurons), whose sensory synapses all end on inter neurons.
/// </summary>
public sealed class LayeredSolverTests
{
    private static int[] OutputsAfterOneStep(LtcModel model, double input)
    {
        var net = LtcTestModels.Fixed(model);
        var inputs = new int[model.InputCount];
        for (int j = 0; j < inputs.Length; j++)
        {
            inputs[j] = LtcTestModels.Raw(input / model.InputScale[j]);
        }

        var outputs = new int[model.OutputCount];
        Assert.True(net.Step(inputs, 2_000, outputs));
        return outputs;
    }

    private static LtcModel Model(int solver, int unfolds)
    {
        LtcModel m = LtcTestModels.Default(unfolds);
        m.Solver = solver;
        // Fast neurons (time constants of a few ms, as a trained controller has) so that what crosses a layer
        // within one 2 ms step is many LSBs, not lost to rounding.
        for (int i = 0; i < m.NeuronCount; i++)
        {
            m.Cm[i] *= 0.05;
        }

        foreach (int target in m.Sensory.Target)
        {
            Assert.Equal(NeuronRole.Inter, m.Roles[target]);
        }

        return m;
    }

    [Fact]
    public void Jacobi_with_one_unfold_cannot_move_the_motor_neurons_in_the_first_step()
    {
        var m = Model(LtcParameters.SolverJacobi, 1);
        Assert.Equal(OutputsAfterOneStep(m, -1), OutputsAfterOneStep(m, 1));
    }

    [Fact]
    public void Layered_with_one_unfold_moves_the_motor_neurons_in_the_first_step()
    {
        var m = Model(LtcParameters.SolverLayered, 1);
        int[] low = OutputsAfterOneStep(m, -1);
        int[] high = OutputsAfterOneStep(m, 1);
        Assert.NotEqual(low, high);
    }

    [Fact]
    public void Jacobi_needs_three_unfolds_to_cross_the_three_layers()
    {
        Assert.Equal(OutputsAfterOneStep(Model(LtcParameters.SolverJacobi, 2), -1), OutputsAfterOneStep(Model(LtcParameters.SolverJacobi, 2), 1));
        Assert.NotEqual(OutputsAfterOneStep(Model(LtcParameters.SolverJacobi, 3), -1), OutputsAfterOneStep(Model(LtcParameters.SolverJacobi, 3), 1));
    }

    [Fact]
    public void An_unknown_solver_code_is_refused_by_name()
    {
        LtcParameters p = LtcModelConverter.ToParameters(LtcTestModels.Default());
        p.Solver = 2;
        string error = p.Validate();
        Assert.NotNull(error);
        Assert.Contains("Solver 2", error);
    }
}
