using LiquidFlight.Core.Links.Mavlink;

namespace LiquidFlight.Core.Tests.Links.Mavlink;

/// <summary>
/// MavlinkWriter (direct stores, the CRC in one table loop, loop-free float conversion, frames staged and checksummed
/// in pieces) against its plain twin PlainMavlinkWriter, over seeded random field values and every message kind:
/// the same bytes on the wire, frame after frame (the sequence numbers included).
/// </summary>
public class MavlinkWriterTwinTests
{
    private static int Field(Random rng)
    {
        switch (rng.Next(8))
        {
            case 0: return 0;
            case 1: return rng.Next(-300, 300);
            case 2: return rng.Next(2) == 0 ? int.MinValue : int.MaxValue;
            case 3: return rng.Next(-0x1000000, 0x1000000); // |value| < 256: exact as float
            case 4: return (rng.Next(2) == 0 ? -1 : 1) << rng.Next(31); // a power of two
            default: return unchecked((int)(uint)rng.NextInt64(0, 1L << 32));
        }
    }

    private static long Long(Random rng) => rng.Next(4) == 0 ? 0 : rng.NextInt64(long.MinValue, long.MaxValue);

    private static string Text(Random rng)
    {
        if (rng.Next(10) == 0)
        {
            return null!;
        }

        var c = new char[rng.Next(0, 70)];
        for (int i = 0; i < c.Length; i++)
        {
            int k = rng.Next(10);
            c[i] = k == 0 ? (char)rng.Next(128, 0x3000) : k == 1 ? '\0' : (char)rng.Next(1, 128);
        }

        return new string(c);
    }

    private static byte[] Bytes(byte[] frame, int n) => frame.AsSpan(0, n).ToArray();

    [Fact]
    public void Every_frame_kind_matches_the_plain_writer_byte_for_byte_over_seeded_random_fields()
    {
        var kinds = new int[10];
        for (int s = 0; s < 400; s++)
        {
            var rng = new Random(12_000 + s);
            int sys = rng.Next(256);
            int comp = rng.Next(256);
            var fast = new MavlinkWriter(sys, comp);
            var plain = new PlainMavlinkWriter(sys, comp);
            for (int k = 0; k < 60; k++)
            {
                int kind = rng.Next(10);
                kinds[kind]++;
                int a = Field(rng), b = Field(rng), c = Field(rng), d = Field(rng), e = Field(rng), f = Field(rng), g = Field(rng);
                long t = Long(rng), u = Long(rng);
                int[] arr = new int[rng.Next(0, 20)];
                for (int i = 0; i < arr.Length; i++)
                {
                    arr[i] = Field(rng);
                }

                int count = rng.Next(-2, 20);
                string text = Text(rng);
                int nf, np;
                switch (kind)
                {
                    case 0: nf = fast.Heartbeat(a, b, c); np = plain.Heartbeat(a, b, c); break;
                    case 1: nf = fast.SysStatus(a, b, c, d, e, f, g); np = plain.SysStatus(a, b, c, d, e, f, g); break;
                    case 2: nf = fast.Attitude(t, a, b, c, d, e, f); np = plain.Attitude(t, a, b, c, d, e, f); break;
                    case 3: nf = fast.StatusText(a, text); np = plain.StatusText(a, text); break;
                    case 4: nf = fast.CommandAck(a, b, c, d); np = plain.CommandAck(a, b, c, d); break;
                    case 5:
                        int[] p = rng.Next(5) == 0 ? null! : arr;
                        nf = fast.CommandLong(a, b, c, d, p);
                        np = plain.CommandLong(a, b, c, d, p);
                        break;
                    case 6: nf = fast.HilActuatorControls(t, arr, count, a, u); np = plain.HilActuatorControls(t, arr, count, a, u); break;
                    case 7: nf = fast.HilSensor(t, a, b, c, d, e, f); np = plain.HilSensor(t, a, b, c, d, e, f); break;
                    case 8: nf = fast.HilSensor(t, a, b, c, d, e, f, g); np = plain.HilSensor(t, a, b, c, d, e, f, g); break;
                    default: nf = fast.HilRcInputsRaw(t, arr, a); np = plain.HilRcInputsRaw(t, arr, a); break;
                }

                Assert.Equal(np, nf);
                Assert.Equal(Bytes(plain.Frame, np), Bytes(fast.Frame, nf));
                Assert.Equal(nf, fast.FrameLength);
            }
        }

        Assert.All(kinds, n => Assert.True(n > 1000, $"kind ran {n} times"));
    }

    [Fact]
    public void Staged_frames_checksummed_in_pieces_equal_the_plain_writer_s_whole_frames()
    {
        int pieces = 0;
        for (int s = 0; s < 300; s++)
        {
            var rng = new Random(31_000 + s);
            var fast = new MavlinkWriter(1, 1);
            var plain = new PlainMavlinkWriter(1, 1);
            var ascii = new byte[80];
            for (int k = 0; k < 40; k++)
            {
                int a = Field(rng), b = Field(rng), c = Field(rng), d = Field(rng), e = Field(rng), f = Field(rng), g = Field(rng);
                long t = Long(rng);
                int nf, np;
                switch (rng.Next(4))
                {
                    case 0: nf = fast.StageHeartbeat(a, b, c); np = plain.Heartbeat(a, b, c); break;
                    case 1: nf = fast.StageSysStatus(a, b, c, d, e, f, g); np = plain.SysStatus(a, b, c, d, e, f, g); break;
                    case 2: nf = fast.StageAttitude(t, a, b, c, d, e, f); np = plain.Attitude(t, a, b, c, d, e, f); break;
                    default:
                        // STATUSTEXT from ASCII bytes somewhere in a buffer (the telemetry's queue): the plain writer
                        // gets the same line as a string.
                        int offset = rng.Next(0, 20);
                        int count = rng.Next(-1, 60);
                        for (int i = 0; i < ascii.Length; i++)
                        {
                            ascii[i] = (byte)(rng.Next(4) == 0 ? 0 : rng.Next(1, 128));
                        }

                        int n = Math.Clamp(count, 0, 50);
                        nf = fast.StageStatusText(a, ascii, offset, count);
                        np = plain.StatusText(a, new string(ascii.Skip(offset).Take(n).Select(x => (char)x).ToArray()));
                        break;
                }

                Assert.Equal(np, nf);
                int budget = rng.Next(1, 70);
                while (!fast.Checksum(budget))
                {
                    pieces++;
                }

                Assert.True(fast.Checksum(budget)); // nothing left: the CRC is not written again
                Assert.Equal(Bytes(plain.Frame, np), Bytes(fast.Frame, nf));
            }
        }

        Assert.True(pieces > 1000);
    }

    [Fact]
    public void Table_crc_matches_the_bitwise_crc_over_random_buffers_offsets_and_starting_values()
    {
        var rng = new Random(5150);
        var buffer = new byte[300];
        for (int s = 0; s < 20_000; s++)
        {
            rng.NextBytes(buffer);
            int offset = rng.Next(0, 100);
            int length = rng.Next(-3, 200);
            int crc = rng.Next(0, 0x10000);
            Assert.Equal(PlainMavlinkCrc.Update(crc, buffer, offset, length), MavlinkCrc.Update(crc, buffer, offset, length));
        }
    }

    [Fact]
    public void Loop_free_float_conversion_matches_the_plain_one_and_the_desktop_float()
    {
        var rng = new Random(8080);
        var special = new List<int> { 0, 1, -1, int.MinValue, int.MaxValue, int.MinValue + 1, int.MaxValue - 1 };
        for (int b = 0; b < 31; b++)
        {
            foreach (int d in new[] { -2, -1, 0, 1, 2 })
            {
                special.Add((1 << b) + d);
                special.Add(-((1 << b) + d));
            }
        }

        for (int s = 0; s < 400_000; s++)
        {
            int q = s < special.Count ? special[s] : (s & 1) == 0 ? unchecked((int)(uint)rng.NextInt64(0, 1L << 32)) : rng.Next(-(1 << rng.Next(32)), 1 << rng.Next(31));
            int expected = BitConverter.SingleToInt32Bits((float)(q / 65536.0));
            Assert.Equal(expected, PlainMavlinkFloat.FromQ16(q));
            Assert.Equal(expected, MavlinkFloat.FromQ16(q));
        }
    }
}
