using System;
using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Core.Control
{
    /// <summary>
    /// The one table of Core's controllers (in the manner of the Crazyflie controller table): a kind and a factory.
    /// The firmware, the simulator, il-count and the on-device tests build their controllers here, so every host
    /// flies the same objects. Allocation happens here, at start-up, never in flight.
    /// </summary>
    public static class ControllerTable
    {
        /// <summary>Command-line and telemetry name of a kind ("ltc", "pid").</summary>
        public static string NameOf(ControllerKind kind)
        {
            return kind == ControllerKind.Pid ? "pid" : "ltc";
        }

        /// <summary>
        /// A fresh controller of <paramref name="kind"/>: the PID with <paramref name="pidGains"/>, or the LTC with
        /// <paramref name="ltc"/>'s parameters. Throws (start-up only) when the kind's input is missing.
        /// </summary>
        public static IController Create(ControllerKind kind, PidGains pidGains, LtcParameters ltc)
        {
            if (kind == ControllerKind.Pid)
            {
                if (pidGains == null)
                {
                    throw new ArgumentNullException("pidGains");
                }

                return new PidController(pidGains);
            }

            if (kind != ControllerKind.Ltc)
            {
                throw new ArgumentException("unknown controller kind " + (int)kind);
            }

            if (ltc == null)
            {
                throw new ArgumentNullException("ltc");
            }

            return new LtcController(new LtcNetwork(ltc));
        }

        /// <summary>
        /// What the firmware flies: the PID with <paramref name="pidGains"/>, or the LTC with the shipped model's
        /// generated straight-line step (<see cref="ShippedModelStep"/>, the same bits as the generic
        /// <see cref="LtcNetwork"/> on ShippedModel.Create() at a fraction of its interpreter cost).
        /// </summary>
        public static IController CreateShipped(ControllerKind kind, PidGains pidGains)
        {
            if (kind == ControllerKind.Ltc)
            {
                return new LtcController(new ShippedModelStep());
            }

            return Create(kind, pidGains, null);
        }
    }
}
