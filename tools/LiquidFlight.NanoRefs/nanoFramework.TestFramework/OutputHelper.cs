// Compile-only mirror of nanoFramework.TestFramework OutputHelper (source/TestFramework/OutputHelper.cs). Never deployed.
namespace nanoFramework.TestFramework
{
    public static class OutputHelper
    {
        public static void WriteLine(string message) { throw new System.NotImplementedException(); }
    }
}
