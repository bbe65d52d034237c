using LiquidFlight.Core.Ltc;
using nanoFramework.TestFramework;

namespace LiquidFlight.NFUnitTest
{
    /// <summary>
    /// Replays the LTC golden vectors (tests/golden/ltc-golden.txt, compiled in as GoldenVectors.g.cs) on the
    /// board: the same parameters, inputs and irregular time steps must give the same raw Q16.16 outputs and
    /// neuron states, bit for bit, as on the desktop that recorded them. Any difference means the interpreter
    /// computes Core differently from .NET, and the simulator's results would not carry over to the aircraft.
    /// </summary>
    [TestClass]
    public class GoldenVectorReplayTests
    {
        [TestMethod]
        public void EverySequenceReplaysBitExactly()
        {
            Assert.IsTrue(GoldenVectors.SequenceCount > 0, "no golden sequences compiled in");
            for (int s = 0; s < GoldenVectors.SequenceCount; s++)
            {
                GoldenSequence sequence = GoldenVectors.Sequence(s);
                int mismatches = Replay(sequence);
                Assert.AreEqual(0, mismatches, "sequence " + sequence.Name + ": values differing from the desktop");
                OutputHelper.WriteLine("golden " + sequence.Name + ": " + sequence.StepCount + " steps bit-exact");
            }
        }

        /// <summary>Replays one sequence and returns the number of values that differ; prints the first few.</summary>
        private static int Replay(GoldenSequence sequence)
        {
            LtcParameters p = sequence.Parameters;
            var network = new LtcNetwork(p);
            network.Reset();
            var inputs = new int[p.InputCount];
            var outputs = new int[p.MotorCount];
            long previousUs = sequence.StartUs;
            int mismatches = 0;
            for (int k = 0; k < sequence.StepCount; k++)
            {
                for (int j = 0; j < p.InputCount; j++)
                {
                    inputs[j] = sequence.Inputs[k * p.InputCount + j];
                }

                long timeUs = sequence.TimesUs[k];
                network.Step(inputs, timeUs - previousUs, outputs);
                previousUs = timeUs;

                for (int m = 0; m < p.MotorCount; m++)
                {
                    mismatches += Compare(sequence, k, "output", m, sequence.Outputs[k * p.MotorCount + m], outputs[m], mismatches);
                }

                for (int n = 0; n < p.NeuronCount; n++)
                {
                    mismatches += Compare(sequence, k, "state", n, sequence.States[k * p.NeuronCount + n], network.GetState(n), mismatches);
                }
            }

            return mismatches;
        }

        private static int Compare(GoldenSequence sequence, int step, string what, int index, int expected, int actual, int reported)
        {
            if (expected == actual)
            {
                return 0;
            }

            if (reported < 10)
            {
                OutputHelper.WriteLine("golden " + sequence.Name + " step " + step + " " + what + "[" + index + "]: expected "
                    + expected + ", board computed " + actual);
            }

            return 1;
        }
    }
}
