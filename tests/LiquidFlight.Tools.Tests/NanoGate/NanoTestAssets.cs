using System.Reflection;

namespace LiquidFlight.Tools.Tests.NanoGate;

/// <summary>Files the build hands to the NanoGate tests (see NanoGateTestAssets.targets).</summary>
internal static class NanoTestAssets
{
    /// <summary>lib/mscorlib.dll of nanoFramework.CoreLibrary at the version nf.props pins.</summary>
    public static string NanoMscorlib => ExistingFile("NanoMscorlib");

    /// <summary>LiquidFlight.Core.dll as compiled by tools/LiquidFlight.NanoCheck against the nano mscorlib.</summary>
    public static string CoreNanoCheckAssembly => ExistingFile("CoreNanoCheckAssembly");

    public static string NfProps => ExistingFile("NfProps");

    /// <summary>The firmware and NFUnitTest assemblies as compiled by their nano checks.</summary>
    public static string[] DeviceNanoCheckAssemblies
    {
        get
        {
            string? paths = typeof(NanoTestAssets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .SingleOrDefault(a => a.Key == "DeviceNanoCheckAssemblies")?.Value;
            Assert.False(string.IsNullOrEmpty(paths), "the build did not pass [AssemblyMetadata(\"DeviceNanoCheckAssemblies\")]");
            string[] files = paths!.Split(';', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(files, f => Assert.True(File.Exists(f), $"'{f}' does not exist"));
            return files;
        }
    }

    public static string RepositoryRoot => Path.GetDirectoryName(NfProps)!;

    private static string ExistingFile(string key)
    {
        string? path = typeof(NanoTestAssets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value;
        Assert.False(string.IsNullOrEmpty(path), $"the build did not pass [AssemblyMetadata(\"{key}\")]");
        Assert.True(File.Exists(path), $"{key}: '{path}' does not exist");
        return path!;
    }
}
