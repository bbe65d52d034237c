using System;
using System.Device.Pwm;
using LiquidFlight.Core.Esc;
using LiquidFlight.Core.Flight;
using nanoFramework.Hardware.Esp32;

namespace LiquidFlight.Firmware.Drivers.Esc
{
    /// <summary>
    /// Four ESC signals from the ESP32 LEDC PWM peripheral, the board's <see cref="IMotorOutput"/>. Core's
    /// <see cref="EscTiming"/> turns each pulse width
    /// into a duty cycle (parts per million, clamped to the protocol's range); this class only hands that duty to
    /// the peripheral. The channels start at the minimum pulse, so the ESCs see "throttle low" from the first
    /// period and arm their own (ESC-side) safety normally.
    /// All four channels run at one frequency: nanoFramework's LEDC driver lets neighbouring PWM functions share
    /// a timer (hence a frequency), which is exactly what four ESCs of one protocol need.
    /// </summary>
    public sealed class LedcEscOutputs : IMotorOutput, IDisposable
    {
        public const int MotorCount = 4;

        /// <summary>LEDC duty unit of System.Device.Pwm: DutyCycle 0.0..1.0, resolved natively to 1/10000.</summary>
        private const double PpmToDutyCycle = 1.0 / EscTiming.DutyFullScale;

        public readonly EscTiming Timing;
        private readonly PwmChannel[] channels = new PwmChannel[MotorCount];

        /// <summary>Duty last written per motor, ppm; the peripheral is only touched when it changes.</summary>
        private readonly int[] lastDutyPpm = new int[MotorCount];

        public LedcEscOutputs(int[] motorPins, EscTiming timing)
        {
            if (motorPins == null || motorPins.Length != MotorCount || timing == null)
            {
                throw new ArgumentException("four motor pins and an ESC timing are required");
            }

            Timing = timing;
            double minimumDuty = timing.MinimumDutyPpm * PpmToDutyCycle;
            for (int i = 0; i < MotorCount; i++)
            {
                Configuration.SetPinFunction(motorPins[i], PwmFunction(i));
                PwmChannel channel = PwmChannel.CreateFromPin(motorPins[i], timing.FrequencyHz, minimumDuty);
                if (channel == null)
                {
                    throw new InvalidOperationException("GPIO" + motorPins[i] + " cannot drive PWM");
                }

                channels[i] = channel;
                lastDutyPpm[i] = timing.MinimumDutyPpm;
            }

            for (int i = 0; i < MotorCount; i++)
            {
                channels[i].Start();
            }
        }

        /// <summary>
        /// Writes one pulse width per motor (µs, M1..M4), as the board cycle decided them (the minimum while not
        /// <paramref name="armed"/>). Allocation-free.
        /// </summary>
        public void Write(int[] pulseUs, bool armed)
        {
            for (int i = 0; i < MotorCount; i++)
            {
                SetDuty(i, Timing.DutyPpm(pulseUs[i]));
            }
        }

        /// <summary>Minimum pulse on every output: disarmed, failsafe motors-off, or after a fault in the loop.</summary>
        public void WriteMinimum()
        {
            for (int i = 0; i < MotorCount; i++)
            {
                SetDuty(i, Timing.MinimumDutyPpm);
            }
        }

        public void Dispose()
        {
            for (int i = 0; i < MotorCount; i++)
            {
                if (channels[i] != null)
                {
                    channels[i].Stop();
                    channels[i].Dispose();
                    channels[i] = null;
                }
            }
        }

        private void SetDuty(int motor, int dutyPpm)
        {
            if (dutyPpm == lastDutyPpm[motor])
            {
                return;
            }

            channels[motor].DutyCycle = dutyPpm * PpmToDutyCycle;
            lastDutyPpm[motor] = dutyPpm;
        }

        private static DeviceFunction PwmFunction(int motor)
        {
            switch (motor)
            {
                case 0:
                    return DeviceFunction.PWM1;
                case 1:
                    return DeviceFunction.PWM2;
                case 2:
                    return DeviceFunction.PWM3;
                default:
                    return DeviceFunction.PWM4;
            }
        }
    }
}
