using System.Reflection;

[assembly: AssemblyTitle("LiquidFlight.Firmware")]
[assembly: AssemblyDescription("LiquidFlight flight controller for the ESP32 on .NET nanoFramework")]
[assembly: AssemblyProduct("LiquidFlight")]
[assembly: AssemblyVersion("0.1.0.0")]
