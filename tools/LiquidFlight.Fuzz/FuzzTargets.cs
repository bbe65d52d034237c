using System.Text;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Links.Crsf;
using LiquidFlight.Core.Links.Mavlink;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;

namespace LiquidFlight.Fuzz;

/// <summary>A parser broke a rule it promises (an exception that is not its documented error, or counters that do not add up).</summary>
public sealed class FuzzInvariantException(string message) : Exception(message);

/// <summary>
/// The fuzz targets: each takes any bytes, runs one parser on them and checks what the parser promises. Anything
/// thrown out of a target other than by the parser's documented error path is a finding. Used by the AFL++
/// harness (Program) and, on the seed corpus and on seeded mutations, by the normal test run.
/// </summary>
public static class FuzzTargets
{
    public const string Crsf = "crsf";
    public const string ModelFileTarget = "model";
    public const string Mavlink = "mavlink";

    /// <summary>The targets by name (a new parser adds itself here and gets a corpus folder and the harness).</summary>
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        [Crsf] = CrsfStream,
        [ModelFileTarget] = ModelFileText,
        [Mavlink] = MavlinkStream,
    };

    private static void Require(bool ok, string what)
    {
        if (!ok)
        {
            throw new FuzzInvariantException(what);
        }
    }

    /// <summary>
    /// CRSF: the first byte chooses the chunk sizes, the rest is the byte stream, fed at varying offsets of a
    /// larger buffer with an out-of-range call now and then. Checks the counters against the bytes fed.
    /// </summary>
    public static void CrsfStream(byte[] data)
    {
        var p = new CrsfParser();
        int chunk = data.Length == 0 ? 1 : 1 + (data[0] % 64);
        var buffer = new byte[256];
        long fed = 0, rejected = 0;
        int frames = 0;
        for (int i = 1, k = 0; i < data.Length; k++)
        {
            int n = Math.Min(data.Length - i, chunk + (k % 3));
            int offset = (k * 37) % (buffer.Length - n + 1);
            Array.Copy(data, i, buffer, offset, n);
            frames += p.Feed(buffer, offset, n, i);
            fed += n;
            i += n;
            if (k % 5 == 4)
            {
                Require(p.Feed(buffer, int.MaxValue - (k % 7), n + k, i) == 0, "an out-of-range call returned frames");
                rejected++;
            }
        }

        Require(p.RejectedCalls == rejected, $"RejectedCalls {p.RejectedCalls}, expected {rejected}");
        Require(frames == p.ChannelFrames, $"Feed returned {frames} channel frames, the counter says {p.ChannelFrames}");
        Require(p.DroppedBytes >= 0 && p.DroppedBytes <= fed, $"{p.DroppedBytes} bytes dropped of {fed}");
        Require(fed - p.DroppedBytes <= ((p.GoodFrames + p.SupersededFrames) * CrsfParser.MaxFrameBytes) + CrsfParser.MaxFrameBytes - 1, "bytes neither dropped nor in a frame nor waiting");
        Require(p.CrcErrors + p.LengthErrors <= p.DroppedBytes, "a failed candidate dropped no byte");
        for (int ch = 0; p.HasChannels && ch < CrsfParser.ChannelCount; ch++)
        {
            Require(p.ChannelTicks[ch] is >= 0 and <= 2047, $"channel {ch} = {p.ChannelTicks[ch]} ticks: not 11 bits");
            Require(p.ChannelUs[ch] == CrsfParser.TicksToMicroseconds(p.ChannelTicks[ch]), "ChannelUs disagrees with ChannelTicks");
        }
    }

    private sealed class CountingHandler : IMavlinkHandler
    {
        public int Calls;

        public void OnMessage(MavlinkParser parser)
        {
            Calls++;
            Require(parser.PayloadLength is >= 0 and <= 255, $"payload length {parser.PayloadLength}");
            Require(parser.MessageId is >= 0 and <= 0xFFFFFF, $"message id {parser.MessageId}: not 24 bits");
            Require(parser.SystemId is >= 0 and <= 255 && parser.ComponentId is >= 0 and <= 255, "system or component id not a byte");
        }
    }

    /// <summary>
    /// MAVLink v2: the first byte chooses the chunk sizes, the rest is the byte stream, fed at varying offsets with
    /// out-of-range calls now and then (they must parse nothing). Checks handler calls, return values and counters.
    /// </summary>
    public static void MavlinkStream(byte[] data)
    {
        var p = new MavlinkParser();
        var h = new CountingHandler();
        int chunk = data.Length == 0 ? 1 : 1 + (data[0] % 64);
        var buffer = new byte[512];
        long fed = 0;
        int frames = 0;
        for (int i = 1, k = 0; i < data.Length; k++)
        {
            int n = Math.Min(data.Length - i, chunk + (k % 3));
            int offset = (k * 37) % (buffer.Length - n + 1);
            Array.Copy(data, i, buffer, offset, n);
            frames += p.Feed(buffer, offset, n, h);
            fed += n;
            i += n;
            if (k % 5 == 4)
            {
                Require(p.Feed(buffer, int.MaxValue - (k % 7), n + k, h) == 0, "an out-of-range call returned frames");
                Require(p.Feed(buffer, offset, -1 - k, h) == 0, "a negative length returned frames");
            }
        }

        Require(frames == h.Calls, $"Feed returned {frames} frames, the handler saw {h.Calls}");
        Require(p.GoodFrames == frames, $"GoodFrames {p.GoodFrames}, Feed returned {frames}");
        Require(p.DroppedBytes >= 0 && p.DroppedBytes <= fed, $"{p.DroppedBytes} bytes dropped of {fed}");
        Require(fed - p.DroppedBytes <= (p.GoodFrames * MavlinkParser.MaxFrameBytes) + MavlinkParser.MaxFrameBytes - 1, "bytes neither dropped nor in a frame nor waiting");
    }

    private static readonly int[] StepInputs = [6554, -6554, 32768, -65536, 0, 131072, -3277, 1, -1, 65536, 0, 0, 0, 0, 0, 0];

    /// <summary>
    /// Model file: any text either loads into a model that converts to fixed point, builds a network and steps
    /// without an exception, or is refused with a one-line <see cref="ModelFileException"/> naming the source.
    /// </summary>
    public static void ModelFileText(byte[] data)
    {
        const string source = "fuzz.ltc.json";
        string text = new UTF8Encoding(false, false).GetString(data);
        LtcModel model;
        try
        {
            model = ModelFile.Parse(text, source);
        }
        catch (ModelFileException e)
        {
            Require(e.Message.StartsWith(source + ": ", StringComparison.Ordinal), $"message does not name the source: {e.Message}");
            Require(e.Message.IndexOfAny(['\n', '\r']) < 0, $"message is not one line: {e.Message}");
            return;
        }

        // Loaded: the validator's promise is that everything after it works.
        LtcParameters p = LtcModelConverter.ToParameters(model, source);
        var network = new LtcNetwork(p);
        var inputs = new int[p.InputCount];
        Array.Copy(StepInputs, inputs, Math.Min(inputs.Length, StepInputs.Length));
        var outputs = new int[p.MotorCount];
        foreach (long dt in new long[] { 2000, 1, LtcNetwork.MaxStepMicros, 0, -5 })
        {
            network.Step(inputs, dt, outputs);
        }

        if (AttitudeControllerFit.Check(model) == null)
        {
            var controller = new LtcController(network);
            Require(controller.Network == network, "controller lost its network");
        }

        // Writing and reading back gives the same file text (the format round-trips whatever was accepted).
        string written = ModelFile.Serialize(model);
        Require(ModelFile.Serialize(ModelFile.Parse(written, source)) == written, "serialised model does not read back to the same text");
    }
}
