namespace LiquidFlight.NanoGate;

/// <summary>
/// One refused construct. <see cref="Member"/> is null for findings about a type itself (generic parameters, a
/// generic base type), and "&lt;module&gt;" names references found outside any member (attributes, the reference tables).
/// </summary>
public sealed record Violation(string Assembly, string Type, string? Member, NanoRule Rule, string Detail)
{
    public string RuleId => NanoRules.Info(Rule).Id;

    /// <summary>The source line behind a finding in a method, when the assembly has a portable PDB.</summary>
    public SourceLocation? Source { get; init; }

    /// <summary>The line printed by the console and turned into a build error: <c>asm: Type::member: rule (detail)</c>.</summary>
    public override string ToString() =>
        Member is null
            ? $"{Assembly}: {Type}: {RuleId} ({Detail})"
            : $"{Assembly}: {Type}::{Member}: {RuleId} ({Detail})";

    /// <summary>
    /// The same line in MSBuild's canonical error format, located at the source line when known, so the error
    /// list of an IDE or a CI log links to the code to change.
    /// </summary>
    public string ToMSBuildError()
    {
        string origin = Source is { } at ? $"{at.File}({at.Line},{at.Column})" : Assembly;
        return $"{origin}: error {NanoRules.Info(Rule).Code}: {this}";
    }
}
