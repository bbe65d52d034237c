using System.Text;
using System.Text.Json;
using LiquidFlight.Sim.Runner;

namespace LiquidFlight.Cli;

/// <summary>The `fly --json` object: metrics first, then the conditions the flight ran under.</summary>
public static class FlightJson
{
    public static string Serialize(FlightResult r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            Write(w, r);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter w, FlightResult r)
    {
        var c = r.Conditions;
        w.WriteStartObject();
        // HIL: the controller is the board's, as it named it; the mixer's saturation, the failsafe's cause and the
        // arming refusals stay on the board (MAVLink does not carry them), so those keys are left out.
        var link = r.Link;
        w.WriteString("controller", link != null ? link.BoardController ?? "board" : r.Controller);
        w.WriteString("scenario", r.Scenario);
        w.WriteString("frame", r.Frame);
        w.WriteNumber("seed", r.Seed);
        w.WriteBoolean("crashed", r.Crashed);
        if (r.CrashReason != null)
        {
            w.WriteString("crashReason", r.CrashReason);
            w.WriteNumber("crashTimeS", r.CrashTimeS ?? 0);
        }

        w.WriteNumber("rmsAttitudeErrorDeg", r.RmsAttitudeErrorDeg);
        w.WriteNumber("maxAttitudeErrorDeg", r.MaxAttitudeErrorDeg);
        if (r.SettleTimeS is double settle)
        {
            w.WriteNumber("settleTimeS", settle);
        }
        else
        {
            w.WriteNull("settleTimeS");
        }

        w.WriteNumber("settledSteps", r.SettledSteps);
        w.WriteNumber("unsettledSteps", r.UnsettledSteps);
        if (link == null)
        {
            w.WriteNumber("motorSaturationPct", r.MotorSaturationPct);
        }

        w.WriteNumber("simSeconds", r.SimSeconds);
        w.WriteNumber("wallSeconds", r.WallSeconds);
        w.WriteNumber("realTimeFactor", double.IsFinite(r.RealTimeFactor) ? r.RealTimeFactor : 0);
        w.WriteNumber("controlCycles", r.ControlCycles);
        w.WriteNumber("imuSamplesDelivered", r.ImuSamplesDelivered);
        w.WriteNumber("imuSamplesDropped", r.ImuSamplesDropped);
        WriteSafety(w, r);

        w.WriteStartObject("conditions");
        w.WriteNumber("seconds", c.Seconds);
        w.WriteNumber("loopHz", c.LoopHz);
        w.WriteNumber("imuHz", c.ImuHz);
        w.WriteNumber("jitter", c.Jitter);
        w.WriteNumber("dropout", c.Dropout);
        w.WriteNumber("burstProbability", c.BurstProbability);
        w.WriteNumber("burstLengthSamples", c.BurstLengthSamples);
        w.WriteNumber("massScale", c.MassScale);
        w.WriteNumber("inertiaScale", c.InertiaScale);
        w.WriteNumber("noiseScale", c.NoiseScale);
        w.WriteNumber("motorLagScale", c.MotorLagScale);
        w.WriteNumber("windMs", c.Wind.MeanSpeedMs);
        w.WriteNumber("rcPollHz", c.RcPollHz);
        w.WriteEndObject();
        if (link != null)
        {
            WriteLink(w, link);
        }

        w.WriteEndObject();
    }

    /// <summary>`hil --json` "link": frames each way, errors, unanswered samples, round trip (wall µs) and rate.</summary>
    private static void WriteLink(Utf8JsonWriter w, LiquidFlight.Sim.Hil.HilLinkFigures l)
    {
        w.WriteStartObject("link");
        w.WriteString("port", l.Port);
        w.WriteBoolean("lockstep", l.Lockstep);
        w.WriteNumber("framesSent", l.FramesSent);
        w.WriteNumber("sensorFrames", l.SensorFrames);
        w.WriteNumber("timeOnlyFrames", l.TimeOnlyFrames);
        w.WriteNumber("rcFrames", l.RcFrames);
        w.WriteNumber("bytesSent", l.BytesSent);
        w.WriteNumber("framesReceived", l.FramesReceived);
        w.WriteNumber("actuatorFrames", l.ActuatorFrames);
        w.WriteNumber("heartbeats", l.Heartbeats);
        w.WriteNumber("statusTexts", l.StatusTexts);
        w.WriteNumber("bytesReceived", l.BytesReceived);
        w.WriteNumber("crcErrors", l.CrcErrors);
        w.WriteNumber("garbageBytes", l.GarbageBytes);
        w.WriteNumber("otherBadFrames", l.OtherBadFrames);
        w.WriteNumber("droppedFrames", l.DroppedFrames);
        WriteOptional(w, "latencyMinUs", l.LatencyMinUs);
        WriteOptional(w, "latencyMeanUs", l.LatencyMeanUs);
        WriteOptional(w, "latencyMaxUs", l.LatencyMaxUs);
        w.WriteNumber("cycleRateHz", l.CycleRateHz);
        w.WriteNumber("wallSeconds", l.WallSeconds);
        if (l.Error != null)
        {
            w.WriteString("error", l.Error);
        }
        else
        {
            w.WriteNull("error");
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// The faults injected and what the safety supervisor did (times in scenario seconds: 0 = release, negative =
    /// before it; null = never). A craft that hits the ground after the failsafe stopped its motors did what the
    /// failsafe is for, so that is reported apart from a crash in flight. "fault" is the first fault (for one-fault
    /// flights), "faults" all of them.
    /// </summary>
    private static void WriteSafety(Utf8JsonWriter w, FlightResult r)
    {
        if (r.Faults.Count > 0)
        {
            WriteFault(w, "fault", r.Faults[0]);
        }

        w.WriteStartArray("faults");
        foreach (var fault in r.Faults)
        {
            WriteFault(w, null, fault);
        }

        w.WriteEndArray();

        var safety = r.Safety;
        w.WriteStartObject("safety");
        WriteOptional(w, "armedS", safety.ArmedS);
        w.WriteNumber("preflightS", safety.PreflightS);
        if (r.Link == null)
        {
            w.WriteNumber("armingRefusals", safety.ArmingRefusals);
            w.WriteString("cause", safety.Cause.ToString());
        }

        WriteOptional(w, "landingStartS", safety.LandingStartS);
        WriteOptional(w, "motorsOffS", safety.MotorsOffS);
        WriteOptional(w, "disarmedS", safety.DisarmedS);
        WriteOptional(w, "touchdownS", safety.TouchdownS);
        WriteOptional(w, "touchdownSpeedMs", safety.TouchdownSpeedMs);
        WriteOptional(w, "touchdownDetectedS", safety.TouchdownDetectedS);
        WriteOptional(w, "motorsOffHeightM", safety.MotorsOffHeightM);
        w.WriteBoolean("motorsOff", safety.MotorsOffS != null);
        w.WriteBoolean("disarmed", safety.DisarmedS != null);
        // A fall: the motors stopped in the air (above 5 cm), or a crash came after they stopped.
        bool fellAfterMotorsOff = safety.MotorsOffS is double off
            && (safety.MotorsOffHeightM > FlightResult.OnGroundHeightM || (r.Crashed && r.CrashTimeS >= off));
        w.WriteBoolean("fellAfterMotorsOff", fellAfterMotorsOff);
        w.WriteBoolean("crashedBeforeFailsafe", r.Crashed && !fellAfterMotorsOff);
        w.WriteEndObject();
    }

    private static void WriteFault(Utf8JsonWriter w, string? name, LiquidFlight.Sim.Faults.FaultPlan fault)
    {
        if (name != null)
        {
            w.WriteStartObject(name);
        }
        else
        {
            w.WriteStartObject();
        }

        w.WriteString("kind", fault.KindName);
        w.WriteNumber("startS", fault.StartS);
        WriteOptional(w, "durationS", fault.DurationS);
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
