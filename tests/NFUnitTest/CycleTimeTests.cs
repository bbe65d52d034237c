using LiquidFlight.Core.Control;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Core.Sensors;
using nanoFramework.Hardware.Esp32;
using nanoFramework.TestFramework;

namespace LiquidFlight.NFUnitTest
{
    /// <summary>
    /// Measures on the board what the desktop can only estimate (DESIGN.md 4a): the time of one LTC step with the
    /// shipped model and of one whole flight-loop cycle, timed with the ESP32 microsecond clock around N runs and
    /// printed as figures for the README. The assertions check that the measured work really ran (outputs within
    /// their ranges, a clock that advanced); the figures themselves are reported, not asserted, because speed
    /// depends on the board, the firmware build and the clock settings.
    /// </summary>
    [TestClass]
    public class CycleTimeTests
    {
        private const int Runs = 500;

        [TestMethod]
        public void LtcStepTimeWithTheShippedModel()
        {
            LtcParameters p = ShippedModel.Create();
            var network = new LtcNetwork(p);
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
                network.Step(inputs, 2000, outputs);
                long us = (long)(HighResTimer.GetCurrent() - t0);
                if (us > worstUs)
                {
                    worstUs = us;
                }
            }

            long totalUs = (long)(HighResTimer.GetCurrent() - begin);
            Assert.IsTrue(totalUs > 0, "the microsecond clock did not advance");
            for (int n = 0; n < p.NeuronCount; n++)
            {
                int state = network.GetState(n);
                Assert.IsTrue(state >= network.GetStateLowerBound(n) && state <= network.GetStateUpperBound(n),
                    "neuron " + n + " left its bounds");
            }

            OutputHelper.WriteLine("LTC step (" + p.NeuronCount + " neurons, " + p.SynapseCount + " synapses, "
                + p.Unfolds + " unfold(s)): avg " + (totalUs / Runs) + " us, max " + worstUs + " us over " + Runs + " steps");
        }

        [TestMethod]
        public void FlightLoopCycleTimeWithTheLtc()
        {
            MeasureFlightLoop(BenchControllers.ShippedLtc());
        }

        [TestMethod]
        public void FlightLoopCycleTimeWithThePid()
        {
            MeasureFlightLoop(BenchControllers.DefaultPid());
        }

        /// <summary>
        /// Armed at half throttle, fed level samples with a gyro that swings about the roll axis, at the 500 Hz
        /// timestamps the board produces: the whole Core cycle (estimator, angle mode, controller, mixer).
        /// </summary>
        private static void MeasureFlightLoop(IController controller)
        {
            var config = new FlightLoopConfig();
            var loop = new FlightLoop(config, controller);
            loop.Arm();
            loop.Pilot.Throttle = 32768;
            var sample = new ImuSample();
            var pulses = new int[4];
            long worstUs = 0;
            long nowUs = 1000000;
            ulong begin = HighResTimer.GetCurrent();
            for (int k = 0; k < Runs; k++)
            {
                nowUs += 2000;
                sample.TimestampUs = nowUs;
                sample.GyroX = ((k % 50) - 25) * 2000;
                // -9.80665 m/s^2 in Q16.16: level and at rest.
                sample.AccelZ = -642689;
                ulong t0 = HighResTimer.GetCurrent();
                loop.RunCycle(nowUs, ref sample, true, pulses);
                long us = (long)(HighResTimer.GetCurrent() - t0);
                if (us > worstUs)
                {
                    worstUs = us;
                }
            }

            long totalUs = (long)(HighResTimer.GetCurrent() - begin);
            Assert.IsTrue(totalUs > 0, "the microsecond clock did not advance");
            for (int m = 0; m < pulses.Length; m++)
            {
                Assert.IsTrue(pulses[m] >= config.EscMinPulseUs && pulses[m] <= config.EscMaxPulseUs,
                    "motor " + (m + 1) + " pulse " + pulses[m] + " us outside the ESC range");
            }

            OutputHelper.WriteLine("flight loop cycle (" + controller.Name + "): avg " + (totalUs / Runs) + " us, max "
                + worstUs + " us over " + Runs + " cycles (budget at 500 Hz: 2000 us minus the I2C read)");
        }
    }
}
