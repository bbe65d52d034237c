using LiquidFlight.Core.Bench;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Core.Scheduler;
using nanoFramework.Hardware.Esp32;
using nanoFramework.TestFramework;

namespace LiquidFlight.NFUnitTest
{
    /// <summary>
    /// Measures on the board what the desktop can only predict (DESIGN.md 4a): the time of one LTC step with the
    /// shipped model, and of whole board cycles (IMU conversion and health, RC parsing, supervisor, estimator,
    /// controller, mixer, ESC pulses, slow slots) of Core's <see cref="BoardCycle"/> at 500 Hz (and at the firmware's
    /// 250 Hz with a 500 Hz receiver) on the board's
    /// microsecond clock, through the same bench flight il-count counts (<see cref="BenchFlight"/>: synthetic
    /// MPU-6050 bursts and CRSF frames, arming on the switch, then hover with sweeping sticks). The figures are
    /// printed for the README; the assertions check that the measured work really ran (armed and flying, outputs
    /// in the ESC range, a clock that advanced); speed itself is reported, not asserted, because it depends on the
    /// board, the firmware build and the clock settings.
    /// </summary>
    [TestClass]
    public class CycleTimeTests
    {
        private const int Runs = 500;

        /// <summary>Bench cycles before the measured ones: calibration (200 ms), arming, spool-up.</summary>
        private const int MaxPreflightCycles = 1000;

        [TestMethod]
        public void LtcStepTimeWithTheShippedModel()
        {
            // The generic solver and the generated straight-line step the firmware flies, on the same inputs: each
            // timed, and their states compared at the end (the same bits on the board as on the desktop).
            LtcParameters p = ShippedModel.Create();
            var network = new LtcNetwork(p);
            var generated = new ShippedModelStep();
            TimeStep(network, "generic LtcNetwork", p);
            TimeStep(generated, "generated ShippedModelStep", p);
            for (int n = 0; n < p.NeuronCount; n++)
            {
                int state = network.GetState(n);
                Assert.IsTrue(state >= network.GetStateLowerBound(n) && state <= network.GetStateUpperBound(n),
                    "neuron " + n + " left its bounds");
                Assert.AreEqual(state, generated.GetState(n), "neuron " + n + ": generated step differs from LtcNetwork");
            }
        }

        private static void TimeStep(LtcStep step, string name, LtcParameters p)
        {
            var inputs = new int[p.InputCount];
            var outputs = new int[p.MotorCount];
            long worstUs = 0;
            ulong begin = HighResTimer.GetCurrent();
            for (int k = 0; k < Runs; k++)
            {
                // A slowly turning input pattern keeps the synapses away from their saturated, cheapest regime.
                for (int j = 0; j < inputs.Length; j++)
                {
                    inputs[j] = ((k * 37 + j * 101) % 200 - 100) * 655;
                }

                ulong t0 = HighResTimer.GetCurrent();
                // The argument form: what LtcController calls (the generated step's body; LtcNetwork's copies the
                // six inputs into an array).
                step.Step(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5], 2000, outputs);
                long us = (long)(HighResTimer.GetCurrent() - t0);
                if (us > worstUs)
                {
                    worstUs = us;
                }
            }

            long totalUs = (long)(HighResTimer.GetCurrent() - begin);
            Assert.IsTrue(totalUs > 0, "the microsecond clock did not advance");
            OutputHelper.WriteLine("LTC step, " + name + " (" + p.NeuronCount + " neurons, " + p.SynapseCount + " synapses, "
                + p.Unfolds + " unfold(s)): avg " + (totalUs / Runs) + " us, max " + worstUs + " us over " + Runs + " steps");
        }

        [TestMethod]
        public void BoardCycleTimeWithTheLtc()
        {
            MeasureBoardCycle(BenchControllers.ShippedLtc());
        }

        [TestMethod]
        public void BoardCycleTimeWithThePid()
        {
            MeasureBoardCycle(BenchControllers.ReferencePid());
        }

        /// <summary>Firmware BoardConfig's default loop rate, and a 500 Hz ExpressLRS receiver (0.1 % fast).</summary>
        private const int FirmwareLoopRateHz = 250;
        private const long FastReceiverFramePeriodUs = 1998;

        [TestMethod]
        public void BoardCycleTimeWithTheLtcAtTheFirmwareRateAndA500HzReceiver()
        {
            // What the firmware flies by default, with the fastest common CRSF receiver: four frames per RC poll
            // (il-count's "at the firmware's default rate" figures).
            MeasureBoardCycle(BenchControllers.ShippedLtc(), FirmwareLoopRateHz, FastReceiverFramePeriodUs);
        }

        [TestMethod]
        public void BoardCycleTimeWithThePidAtTheFirmwareRateAndA500HzReceiver()
        {
            MeasureBoardCycle(BenchControllers.ReferencePid(), FirmwareLoopRateHz, FastReceiverFramePeriodUs);
        }

        private static void MeasureBoardCycle(IController controller)
        {
            MeasureBoardCycle(controller, BenchFlight.DefaultLoopRateHz, BenchFlight.DefaultFramePeriodUs);
        }

        /// <summary>
        /// The bench flight on the real clock: each cycle waits for its deadline as on the board, and the
        /// executive's statistics (begin to end of each cycle, overruns) over the flying cycles are the figures.
        /// </summary>
        private static void MeasureBoardCycle(IController controller, int loopRateHz, long framePeriodUs)
        {
            var bench = new BenchFlight(controller, new BoardClock(), null, loopRateHz, framePeriodUs);
            for (int k = 0; k < MaxPreflightCycles && !bench.Flying; k++)
            {
                bench.RunCycle();
            }

            Assert.IsTrue(bench.Flying, "the bench flight did not arm (flags 0x" + ((int)bench.Board.Supervisor.Arming.Flags).ToString("X") + ")");
            bench.Board.Executive.Statistics.Reset();
            for (int k = 0; k < Runs; k++)
            {
                bench.RunCycle();
            }

            var stats = bench.Board.Executive.Statistics;
            Assert.IsTrue(bench.Board.Flight.Armed, "the board disarmed during the measurement");
            Assert.IsTrue(stats.Cycles == Runs, "cycles counted " + stats.Cycles + ", expected " + Runs);
            int[] pulses = bench.Motors.PulsesUs;
            for (int m = 0; m < pulses.Length; m++)
            {
                Assert.IsTrue(pulses[m] > bench.Board.Esc.MinPulseUs && pulses[m] <= bench.Board.Esc.MaxPulseUs,
                    "motor " + (m + 1) + " pulse " + pulses[m] + " us outside the running ESC range");
            }

            OutputHelper.WriteLine("board cycle (" + controller.Name + ", " + loopRateHz + " Hz, a receiver frame every "
                + framePeriodUs + " us): min/avg/max " + stats.MinimumCycleUs() + "/" + stats.AverageCycleUs() + "/"
                + stats.MaxCycleUs + " us, overruns " + stats.Overruns + " over " + Runs + " cycles (period "
                + (1000000 / loopRateHz) + " us)");
        }

        /// <summary>The ESP32's microsecond clock, as the firmware's HighResClock reads it.</summary>
        private sealed class BoardClock : IMicrosClock
        {
            public long NowUs()
            {
                return (long)HighResTimer.GetCurrent();
            }
        }
    }
}
