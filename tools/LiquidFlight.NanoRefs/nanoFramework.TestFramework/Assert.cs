// Compile-only mirror of nanoFramework.TestFramework 3.x Assert (source/TestFramework/Assert.AreEqual.cs and
// Assert.cs): all 15 AreEqual overloads, so overload resolution picks what the real package picks, and IsTrue. The real
// message parameters carry [CallerArgumentExpression], which C# 7.3 ignores. There is no public Assert.Fail.
// Never deployed: on a board the real TestFramework package runs the tests.
using System;

namespace nanoFramework.TestFramework
{
    public sealed partial class Assert
    {
        // No public constructor the firmware uses (the mirror holds only members the device code calls).
        private Assert() { }

        public static void AreEqual(bool expected, bool actual, string message = "") { throw new NotImplementedException(); }

        public static void AreEqual(byte expected, byte actual, string message = "") { throw new NotImplementedException(); }

        public static void AreEqual(char expected, char actual, string message = "") { throw new NotImplementedException(); }

        public static void AreEqual(DateTime expected, DateTime actual, string message = "") { throw new NotImplementedException(); }

        public static void AreEqual(double expected, double actual, string message = "") { throw new NotImplementedException(); }

        public static void AreEqual(float expected, float actual, string message = "") { throw new NotImplementedException(); }

        public static void AreEqual(int expected, int actual, string message = "") { throw new NotImplementedException(); }

        public static void AreEqual(long expected, long actual, string message = "") { throw new NotImplementedException(); }

        public static void AreEqual(object expected, object actual, string message = "") { throw new NotImplementedException(); }

        public static void AreEqual(sbyte expected, sbyte actual, string message = "") { throw new NotImplementedException(); }

        public static void AreEqual(short expected, short actual, string message = "") { throw new NotImplementedException(); }

        public static void AreEqual(string expected, string actual, string message = "") { throw new NotImplementedException(); }

        public static void AreEqual(uint expected, uint actual, string message = "") { throw new NotImplementedException(); }

        public static void AreEqual(ulong expected, ulong actual, string message = "") { throw new NotImplementedException(); }

        public static void AreEqual(ushort expected, ushort actual, string message = "") { throw new NotImplementedException(); }

        public static void IsTrue(bool condition, string message = "") { throw new NotImplementedException(); }
    }
}
