using System.Diagnostics;
using System.Text.Json;
using LiquidFlight.Core.Links.Mavlink;

namespace LiquidFlight.Core.Tests.Links.Mavlink;

/// <summary>
/// Interop with node-mavlink (pinned in tests/interop/mavlink/package-lock.json; installed by `npm ci` on first use):
/// it decodes every message LiquidFlight emits with the expected values, and LiquidFlight decodes the HIL_SENSOR and
/// COMMAND_LONG frames it encodes.
/// </summary>
public class MavlinkInteropTests
{
    private static readonly object InstallLock = new();

    /// <summary>
    /// The interop directory, with node-mavlink installed: if it is missing, `npm ci` installs the pinned version
    /// from the lockfile once (so the README's `dotnet test` works wherever Node.js and npm are; `.ci/run` installs
    /// them with apt when they are not).
    /// </summary>
    private static string InteropDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "LiquidFlight.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        string path = Path.Combine(dir!.FullName, "tests", "interop", "mavlink");
        lock (InstallLock)
        {
            if (!Directory.Exists(Path.Combine(path, "node_modules", "node-mavlink")))
            {
                var npm = new ProcessStartInfo("npm", "ci --no-audit --no-fund")
                {
                    WorkingDirectory = path,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                try
                {
                    using var p = Process.Start(npm)!;
                    p.StandardOutput.ReadToEnd();
                    string error = p.StandardError.ReadToEnd();
                    p.WaitForExit();
                    Assert.True(p.ExitCode == 0, "npm ci in tests/interop/mavlink failed: " + error);
                }
                catch (System.ComponentModel.Win32Exception e)
                {
                    Assert.Fail("node-mavlink is not installed and npm cannot be run (" + e.Message + "): install Node.js and npm, or run .ci/run");
                }
            }
        }

        return path;
    }

    private static string Node(string args, string stdin)
    {
        var psi = new ProcessStartInfo("node", "interop.js " + args)
        {
            WorkingDirectory = InteropDir(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, error);
        return output;
    }

    [Fact]
    public void Node_mavlink_decodes_every_message_LiquidFlight_emits()
    {
        var w = new MavlinkWriter(1, 1);
        var hex = new System.Text.StringBuilder();
        void Add(int n) => hex.Append(Convert.ToHexString(w.Frame, 0, n));
        Add(w.Heartbeat(MavlinkMessages.ModeFlagHilEnabled | MavlinkMessages.ModeFlagSafetyArmed, 0, 4));
        Add(w.SysStatus(0x23, 0x23, 0x21, 415, -1, 12, 3));
        Add(w.Attitude(98765, 65536, -32768, 205887, 3277, -6554, 0));
        Add(w.StatusText(6, "IMU: MPU6050 at 0x68"));
        Add(w.HilSensor(5000000123L, 32768, -65536, -642689, 1024, -2048, 131072));
        Add(w.HilActuatorControls(777, new[] { 0, 16384, 32768, 65536 }, 4, 160, 1));
        Add(w.CommandLong(1, 1, 400, 0, new[] { 65536, 21196 << 16, 0, 0, 0, 0, -32768 }));
        Add(w.CommandAck(400, 2, 42, 200));
        Add(w.HilRcInputsRaw(4400000, new[] { 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 2000, 988 }, 255));
        Add(w.HilSensor(4402000, 0, 0, 0, 0, 0, 0, 0));

        using var doc = JsonDocument.Parse(Node("decode", hex.ToString()));
        Assert.Equal(0, doc.RootElement.GetProperty("crcErrors").GetInt32());
        var m = doc.RootElement.GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal(new[] { 0, 1, 30, 253, 107, 93, 76, 77, 92, 107 }, m.Select(x => x.GetProperty("msgid").GetInt32()));
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, m.Select(x => x.GetProperty("seq").GetInt32()));
        JsonElement F(int i) => m[i].GetProperty("fields");
        double D(int i, string name) => F(i).GetProperty(name).GetDouble();

        Assert.Equal(2, D(0, "type"));
        Assert.Equal(160, D(0, "baseMode"));
        Assert.Equal(4, D(0, "systemStatus"));
        Assert.Equal(3, D(0, "mavlinkVersion"));

        Assert.Equal(0x23, D(1, "onboardControlSensorsPresent"));
        Assert.Equal(0x21, D(1, "onboardControlSensorsHealth"));
        Assert.Equal(415, D(1, "load"));
        Assert.Equal(65535, D(1, "voltageBattery"));
        Assert.Equal(-1, D(1, "currentBattery"));
        Assert.Equal(12, D(1, "dropRateComm"));
        Assert.Equal(3, D(1, "errorsComm"));
        Assert.Equal(-1, D(1, "batteryRemaining"));

        Assert.Equal(98765, D(2, "timeBootMs"));
        Assert.Equal(1.0, D(2, "roll"));
        Assert.Equal(-0.5, D(2, "pitch"));
        Assert.Equal((double)(float)(205887 / 65536.0), D(2, "yaw"));
        Assert.Equal((double)(float)(3277 / 65536.0), D(2, "rollspeed"));

        Assert.Equal(6, D(3, "severity"));
        Assert.StartsWith("IMU: MPU6050 at 0x68", F(3).GetProperty("text").GetString());

        Assert.Equal("5000000123", F(4).GetProperty("timeUsec").ToString());
        Assert.Equal(0.5, D(4, "xacc"));
        Assert.Equal(-1.0, D(4, "yacc"));
        Assert.Equal((double)(float)(-642689 / 65536.0), D(4, "zacc"));
        Assert.Equal(2.0, D(4, "zgyro"));
        Assert.Equal(0x3F, D(4, "fieldsUpdated"));

        Assert.Equal("777", F(5).GetProperty("timeUsec").ToString());
        Assert.Equal("1", F(5).GetProperty("flags").ToString());
        var controls = F(5).GetProperty("controls").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal(new[] { 0.0, 0.25, 0.5, 1.0 }, controls.Take(4));
        Assert.All(controls.Skip(4), c => Assert.Equal(0.0, c));
        Assert.Equal(160, D(5, "mode"));

        Assert.Equal(400, D(6, "command"));
        Assert.Equal(1.0, D(6, "_param1"));
        Assert.Equal(21196.0, D(6, "_param2"));
        Assert.Equal(-0.5, D(6, "_param7"));
        Assert.Equal(1, D(6, "targetSystem"));

        Assert.Equal(400, D(7, "command"));
        Assert.Equal(2, D(7, "result"));
        Assert.Equal(42, D(7, "targetSystem"));
        Assert.Equal(200, D(7, "targetComponent"));

        Assert.Equal("4400000", F(8).GetProperty("timeUsec").ToString());
        Assert.Equal(new[] { 1000.0, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 2000, 988 },
            Enumerable.Range(1, 12).Select(i => D(8, $"chan{i}Raw")));
        Assert.Equal(255, D(8, "rssi"));

        // A time-only HIL_SENSOR (no new IMU data this cycle): fields_updated 0, the stamp kept.
        Assert.Equal("4402000", F(9).GetProperty("timeUsec").ToString());
        Assert.Equal(0, D(9, "fieldsUpdated"));
    }

    [Fact]
    public void LiquidFlight_decodes_hil_sensor_and_command_long_that_node_mavlink_encodes()
    {
        string[] lines = Node("encode", "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var p = new MavlinkParser();
        byte[] hil = Convert.FromHexString(lines[0]);
        Assert.Equal(1, p.Feed(hil, 0, hil.Length, null));
        Assert.Equal(107, p.MessageId);
        Assert.Equal(42, p.SystemId);
        Assert.Equal(200, p.ComponentId);
        Assert.Equal(1234567890123L, p.ReadI64(0));
        int[] expected = { 32768, -81920, (int)Math.Round(9.80665f * 65536.0) * -1, 1024, -163840, 196608 };
        for (int i = 0; i < 6; i++)
        {
            Assert.True(p.ReadQ16(8 + 4 * i, out int q));
            Assert.Equal(expected[i], q);
        }

        Assert.Equal(0x3F, p.ReadI32(60));

        byte[] cmd = Convert.FromHexString(lines[1]);
        Assert.Equal(1, p.Feed(cmd, 0, cmd.Length, null));
        Assert.Equal(76, p.MessageId);
        Assert.True(p.ReadQ16(0, out int p1));
        Assert.Equal(65536, p1);
        Assert.True(p.ReadQ16(4, out int p2));
        Assert.Equal(21196 << 16, p2); // the magic force-arm value 21196 still fits Q16.16 (< 32768)
        Assert.True(p.ReadQ16(24, out int p7));
        Assert.Equal(-32768, p7);
        Assert.Equal(400, p.ReadU16(28));
        Assert.Equal(1, p.ReadU8(30));
        Assert.Equal(1, p.ReadU8(31));
        Assert.Equal(0, p.CrcErrors);
    }
}
