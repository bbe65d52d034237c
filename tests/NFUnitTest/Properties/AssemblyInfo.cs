using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyDescription("LiquidFlight on-device tests: golden-vector replay and cycle time on the ESP32")]
[assembly: AssemblyProduct("LiquidFlight")]
[assembly: AssemblyVersion("0.1.0.0")]
