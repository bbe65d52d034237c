namespace LiquidFlight.NanoGate;

/// <summary>
/// One refused construct. <see cref="Member"/> is null for findings about a type itself (generic parameters, a
/// generic base type), and "&lt;module&gt;" names references found outside any member (attributes, the reference tables).
/// </summary>
public sealed record Violation(string Assembly, string Type, string? Member, NanoRule Rule, string Detail)
{
    public string RuleId => NanoRules.Info(Rule).Id;

    /// <summary>The line printed by the console and turned into a build error: <c>asm: Type::member: rule (detail)</c>.</summary>
    public override string ToString() =>
        Member is null
            ? $"{Assembly}: {Type}: {RuleId} ({Detail})"
            : $"{Assembly}: {Type}::{Member}: {RuleId} ({Detail})";
}
