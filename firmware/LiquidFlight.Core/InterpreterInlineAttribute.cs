using System;

namespace LiquidFlight.Core
{
    /// <summary>
    /// Marks a method whose calls the interpreter IL pass (tools/LiquidFlight.IlPass, run over every build of Core)
    /// replaces by its body: one call pair and the zeroing of the method's locals fewer per call on nanoCLR (about 450
    /// host instructions plus 41 per local), with the source kept as one plain method. For small methods on the
    /// per-cycle path only: each call site gets a copy. The pass refuses (and the build fails on) a marked method it
    /// cannot inline exactly: virtual, generic, of a struct, with an exception handler, a by-reference local, a
    /// by-reference parameter reassigned, an address taken of an argument or local, or in a cycle of marked methods. A
    /// call whose by-reference argument is not the caller's argument, local or a field of one (ldflda) stays a call.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class InterpreterInlineAttribute : Attribute
    {
    }
}
