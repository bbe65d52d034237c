using System.Globalization;
using System.Text;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Model;

/// <summary>
/// Writes the straight-line C# of one model's LTC step: the arithmetic of <see cref="LtcNetwork"/>'s Step, operation
/// for operation, with the wiring resolved at generation. Every parameter is a literal, every source and target is a
/// named local (x3 is mapped input 3, v7 and f7 are neuron 7's Q24 state as the synapses read it and its 32-fraction-bit state; with one
/// unfold d and g are the conductance sums of the neuron being summed, each neuron's synapses written just before its
/// update; with more, d7 and g7 hold neuron 7's across the unfolds), the stages and unfolds are unrolled, and nothing
/// per synapse is loaded from an array or a field.
/// The only array reads left are the sigmoid look-up (Sigmoid.Lookup, one per synapse: one unsigned range test, left
/// out where the source's range keeps the argument inside the table, the packed entry's base and slope by one shift
/// and one mask, and one multiply-add of the long argument, no sign test, rounding constant or widening) and
/// the persistent state (one load and one store per neuron per step).
///
/// Identity with the generic solver is by construction and checked: the same integer expressions in the same
/// evaluation order per neuron (integer sums do not depend on the order of their terms, and the parameter limits keep
/// every sum far from overflow), including the clamp to the neuron's state hull and the two-division fallback for a
/// large numerator. Simplifications are only those that give the same bits for every input: a synapse with w = 0 adds
/// nothing (its ws is (0 + 2^23) >> 24 = 0) and is left out; a synapse whose argument stays inside the sigmoid table
/// for every value its source can take (a neuron's state inside its hull, a mapped input within its bound) loses the
/// range test, and one whose argument stays beyond an end of the table is the constant that end gives (w or 0); a term ws * erev with erev = 0 is left out; the den &gt; 0
/// test is left out where gleak &gt; 0, or cm_t at the longest step (dt = 1 s: cm * unfolds * 2^10 &gt;&gt; 18) is positive,
/// makes den positive for every dt (cm_t only grows as dt shrinks, and every ws &gt;= 0);
/// a neuron's rounded state is kept only where a synapse reads it, formed at the start only where a synapse reads it
/// before its stage updates it, and refreshed only where a later stage or unfold reads it; an input map whose result
/// fits an int for every int input loses its clamp, and the output map its int conversion (the state stays inside its
/// hull) and, where the hull's image fits an int, its clamp.
/// </summary>
public static class LtcStepGenerator
{
    private const string FineHalf = "32768L";

    // LtcNetwork's formats: the Q24 state the synapses read, the Q11.20 sigmoid argument, the Q8.24 activation, K in Q10.
    private const int ReadShift = 8;
    private const string ReadHalf = "128L";
    private const int SensoryArgumentShift = 32 - Sigmoid.ArgumentFractionBits;
    private const int SynapseArgumentShift = 16 + 24 - Sigmoid.ArgumentFractionBits;
    private const int KFractionBits = 10;
    private const int CmTShift = LtcParameters.CapacitanceFractionBits + KFractionBits - 16;

    /// <summary>The class source (4-space indented for a namespace block), named <paramref name="className"/>.</summary>
    /// <param name="p">Valid parameters (as <see cref="LtcModelConverter.ToParameters(LtcModel, string)"/> gives).</param>
    /// <param name="parametersClass">The generated constants class whose Create() gives <paramref name="p"/>.</param>
    public static string ToCSharp(LtcParameters p, string parametersClass, string className)
    {
        string? error = p.Validate();
        if (error != null)
        {
            throw new ArgumentException("invalid LTC parameters: " + error, nameof(p));
        }

        var b = new Writer();
        int n = p.NeuronCount;
        int stages = LtcParameters.StageCount(p.Solver);
        bool[] readBySynapse = new bool[n];
        foreach (int s in p.SynapseSource)
        {
            readBySynapse[s] = true;
        }

        bool[] inputUsed = new bool[p.InputCount];
        for (int k = 0; k < p.SensorySynapseCount; k++)
        {
            if (p.SensoryW[k] != 0)
            {
                inputUsed[p.SensorySource[k]] = true;
            }
        }

        // The state hull of each neuron (vleak and the erev of its incoming synapses), as the generic solver clamps.
        var generic = new LtcNetwork(p);

        // Whether any synapse reads the sigmoid table, and whether any needs its range test (see Reach).
        bool anyLookup = false;
        for (int k = 0; k < p.SensorySynapseCount; k++)
        {
            if (p.SensoryW[k] != 0 && p.SensorySigma[k] != 0)
            {
                Reach reach = SensoryReach(p, k);
                anyLookup |= reach is Reach.Inside or Reach.Across;
            }
        }

        for (int k = 0; k < p.SynapseCount; k++)
        {
            if (p.SynapseW[k] != 0 && p.SynapseSigma[k] != 0)
            {
                Reach reach = InternalReach(p, generic, k);
                anyLookup |= reach is Reach.Inside or Reach.Across;
            }
        }

        // Every weight is written shifted left by weightShift, with the rounding half and the shift after the
        // multiply shifted as much (the same integer: (w 2^k y + 2^(23+k)) >> (24+k) = (w y + 2^23) >> 24), so that
        // the literal exceeds 32 bits and loads with one ldc.i8 instead of ldc.i4 + conv.i8. The weight multiplies
        // the Q24 activation y, 0 <= y <= 2^24 (bounded by 2^25 here).
        long largestWeight = 0, smallestWeight = 0;
        foreach (int w in p.SensoryW.Concat(p.SynapseW))
        {
            long m = Math.Abs((long)w);
            largestWeight = Math.Max(largestWeight, m);
            smallestWeight = m != 0 && (smallestWeight == 0 || m < smallestWeight) ? m : smallestWeight;
        }

        int weightShift = LiteralShift(smallestWeight, (Int128)largestWeight << 25);

        // Each neuron's g sum is kept shifted left by gShift[i] (every term, constants too, so the sum is a multiple of
        // 2^k and g >> k in the update is the same integer), so that its reversal potentials load with one ldc.i8.
        int[] gShift = new int[n];
        for (int i = 0; i < n; i++)
        {
            Bounds(p, i, (long)generic.GetStateLowerBound(i) << 16, (long)generic.GetStateUpperBound(i) << 16, out _, out Int128 gBound, out _);
            gShift[i] = LiteralShift(SmallestReversal(p, i), gBound);
        }

        // Neurons whose update needs LtcNetwork's division test (and num, den, q).
        bool divisionLocals = false;
        for (int i = 0; i < n; i++)
        {
            divisionLocals |= !Proofs(p, i, (long)generic.GetStateLowerBound(i) << 16, (long)generic.GetStateUpperBound(i) << 16).OneDivision;
        }

        b.Line("/// <summary>");
        b.Line($"/// The straight-line LTC step of {parametersClass} (generated with it: do not edit), bit-identical to");
        b.Line($"/// <see cref=\"LtcNetwork\"/> built from {parametersClass}.Create(): {Solver(p.Solver)} order, {p.Unfolds} unfold(s),");
        b.Line($"/// {p.SensorySynapseCount} sensory and {p.SynapseCount} internal synapses written out with their parameters as literals.");
        if (p.InputCount == LtcStep.ArgumentInputs)
        {
            b.Line("/// The body is the argument form of Step (six inputs, no array); the array form wraps it.");
            if (p.MotorCount == LtcStep.AttitudeOutputs)
            {
                b.Line("/// StepAttitude, what the attitude controller calls, is the same body with LtcController's inputs and clamps.");
            }
        }

        b.Line("/// </summary>");
        b.Line($"public sealed class {className} : LtcStep");
        b.Open();
        if (divisionLocals)
        {
            b.Line("private const long SingleDivisionLimit = 1L << 47;");
        }
        b.Blank();
        b.Line($"private readonly LtcParameters parameters = {parametersClass}.Create();");
        b.Line($"private readonly long[] fine = new long[{n}];");
        b.Blank();
        b.Line($"public {className}()");
        b.Open();
        b.Line("Reset();");
        b.Close();
        b.Blank();
        b.Line($"public override int InputCount {{ get {{ return {p.InputCount}; }} }}");
        b.Blank();
        b.Line($"public override int NeuronCount {{ get {{ return {n}; }} }}");
        b.Blank();
        b.Line($"public override int MotorCount {{ get {{ return {p.MotorCount}; }} }}");
        b.Blank();
        b.Line("public override LtcParameters Parameters { get { return parameters; } }");
        b.Blank();
        b.Line("public override void Reset()");
        b.Open();
        b.Line("long[] f = fine;");
        for (int i = 0; i < n; i++)
        {
            b.Line($"f[{i}] = {L((long)p.Vleak[i] << 16)};");
        }

        b.Close();
        b.Blank();
        b.Line("public override int GetState(int i)");
        b.Open();
        b.Line($"return i < 0 || i >= {n} ? 0 : (int)((fine[i] + {FineHalf}) >> 16);");
        b.Close();
        b.Blank();
        // A six-input model gets its body as the argument form of Step and the array form as a wrapper around it; any
        // other model, the body as the array form. A six-input, three-output model (the attitude controller's shape)
        // also gets the body a second time as StepAttitude, which the controller calls.
        bool argumentForm = p.InputCount == LtcStep.ArgumentInputs;
        bool attitudeForm = argumentForm && p.MotorCount == LtcStep.AttitudeOutputs;
        if (argumentForm)
        {
            var names = Enumerable.Range(0, p.InputCount).Select(j => $"inputsQ16[{j}]");
            b.Line("public override bool Step(int[] inputsQ16, long dtMicros, int[] outputsQ16)");
            b.Open();
            b.Line($"if (inputsQ16 != null && inputsQ16.Length >= {p.InputCount})");
            b.Open();
            b.Line($"return Step({string.Join(", ", names)}, dtMicros, outputsQ16);");
            b.Close();
            b.Blank();
            b.Line("// No inputs: the state is held and the outputs are written from it, as for dt <= 0.");
            b.Line("Step(0, 0, 0, 0, 0, 0, 0, outputsQ16);");
            b.Line("return false;");
            b.Close();
            b.Blank();
            var parameters = Enumerable.Range(0, p.InputCount).Select(j => $"long input{j}");
            b.Line($"public override bool Step({string.Join(", ", parameters)}, long dtMicros, int[] outputsQ16)");
        }
        else
        {
            b.Line("public override bool Step(int[] inputsQ16, long dtMicros, int[] outputsQ16)");
        }

        Body(false);
        if (attitudeForm)
        {
            // The attitude controller's whole step (LtcController's layout: its input errors and clamped commands), the
            // same body again with its inputs formed from the setpoint and the state and its outputs clamped to [-1, 1]
            // into the command: no arguments, no output array, one clamp per output.
            b.Blank();
            b.Line("public override void StepAttitude(ControlSetpoint setpoint, VehicleState state, long dtMicros, AxisCommand command)");
            Body(true);
        }

        b.Close();
        return b.ToString();

        // The step's body from its opening brace: for the argument or array form, or (attitude) for StepAttitude.
        void Body(bool attitude)
        {
            b.Open();
            // The locals every synapse uses come first: the interpreter loads locals 0-3 with a shorter opcode.
            b.Line(p.Unfolds == 1 ? "long t, ws, d, g, e;" : "long t, ws, e;");
            b.Line("long[] f = fine;");
            for (int i = 0; i < n; i++)
            {
                b.Line($"long f{i} = f[{i}];");
            }

            if (!attitude)
            {
                b.Line("bool advanced = false;");
            }

            b.Line(argumentForm ? "if (dtMicros > 0)" : $"if (dtMicros > 0 && inputsQ16 != null && inputsQ16.Length >= {p.InputCount})");
            b.Open();
            b.Line($"long k10 = {L(((long)p.Unfolds * Q16.MicrosPerSecond) << KFractionBits)} / (dtMicros > {L(LtcNetwork.MaxStepMicros)} ? {L(LtcNetwork.MaxStepMicros)} : dtMicros);");
            // Each neuron's cm_t: with one unfold written into the update where only one neuron has that cm, and
            // computed once into a local for neurons that share it (trained models gather at cm's lower limit); with
            // more unfolds one local per distinct cm, computed before the first unfold.
            string[] cmt = new string[n];
            for (int i = 0; i < n; i++)
            {
                string term = CmTerm(p, i);
                int first = Array.FindIndex(p.Cm, c => c == p.Cm[i]);
                bool shared = Array.FindLastIndex(p.Cm, c => c == p.Cm[i]) != first;
                cmt[i] = p.Unfolds > 1 || shared ? $"cmt{first}" : term;
                if (p.Unfolds == 1 && shared && first == i)
                {
                    b.Line($"long cmt{i} = {term};");
                }
            }

            if (anyLookup)
            {
                b.Line("long[] lookup = Sigmoid.Lookup;");
            }

            var moreLocals = new List<string>();
            if (divisionLocals)
            {
                moreLocals.AddRange(["num", "den", "q"]);
            }

            if (moreLocals.Count > 0)
            {
                b.Line("long " + string.Join(", ", moreLocals) + ";");
            }

            // The two constants every looked-up synapse reads, in locals. Core's IL pass makes every long literal one
            // wide load (62 host instructions on the interpreter, a local load 54), and a local costs its zeroing on
            // every call and its initialisation (145): only a constant read about 20 times per step pays for one, so the
            // range test's bound, its saturated branch's 0 and the state read's rounding stay literals.
            if (anyLookup)
            {
                b.Line($"long activationHalf = {L(1L << (Sigmoid.ValueFractionBits - 1 + weightShift))}, mask = Sigmoid.SlopeMask;");
            }

            string read = ReadHalf;
            for (int j = 0; j < p.InputCount; j++)
            {
                if (!inputUsed[j])
                {
                    continue;
                }

                // LtcNetwork's ((input scale + 2^15) >> 16) + offset with the offset inside the shift: adding offset 2^16
                // before an arithmetic shift by 16 is the same integer as adding offset after it (|input scale| < 2^50).
                // The constant and the scale are written shifted left by LiteralShift of the constant (the scale can never
                // pass 32 bits with an int input below 2^62), and the shift after them as much: the same integer.
                string input = argumentForm ? $"input{j}" : $"(long)inputsQ16[{j}]";
                long inputConstant = 32768L + ((long)p.InputOffset[j] << 16);
                int ik = LiteralShift(Math.Abs(inputConstant), ((Int128)Math.Abs((long)p.InputScale[j]) << 31) + Math.Abs(inputConstant));
                if (attitude)
                {
                    // LtcController's inputs: the three errors saturated to an int (one unsigned compare of x + 2^31; left
                    // out where the clamped map makes it idle, ErrorSaturationIdle), the three rates as they are.
                    if (j < AttitudeErrors.Length)
                    {
                        b.Line($"long x{j} = (long){AttitudeErrors[j].Setpoint} - {AttitudeErrors[j].State};");
                        if (!ErrorSaturationIdle(p, j, inputConstant, ik))
                        {
                            b.Line($"if ((ulong)(x{j} + 2147483648L) > 4294967295UL)");
                            b.Open();
                            b.Line($"x{j} = x{j} < 0 ? int.MinValue : int.MaxValue;");
                            b.Close();
                        }

                        input = $"x{j}";
                    }
                    else
                    {
                        input = AttitudeRates[j - AttitudeErrors.Length];
                    }
                }

                string declare = attitude && j < AttitudeErrors.Length ? "" : "long ";
                string map = $"({input} * {L((long)p.InputScale[j] << ik)} + {L(inputConstant << ik)}) >> {16 + ik}";
                if (InputMapFitsInt(p, j))
                {
                    b.Line($"{declare}x{j} = {map};");
                }
                else
                {
                    // The clamp to int as one unsigned compare of x + 2^31 (2^31 loads as one ldc.i8): a map inside the int
                    // range costs one branch and no store.
                    b.Line($"{declare}x{j} = {map};");
                    b.Line($"if ((ulong)(x{j} + 2147483648L) > 4294967295UL)");
                    b.Open();
                    b.Line($"x{j} = x{j} < 0 ? int.MinValue : int.MaxValue;");
                    b.Close();
                }
            }

            if (p.Unfolds == 1)
            {
                // One unfold: neuron by neuron, each neuron's synapses summed into one pair of locals and the neuron
                // updated at once (fewer locals: a call costs the interpreter per local of the callee). Within a
                // stage every synapse still reads the rounded states of before the stage: they are refreshed at the
                // stage's end, and not at all after the last stage (nothing reads them then).
                // A neuron's rounded state is formed at the start only where a synapse of its own stage or an earlier one
                // reads it (before its stage updates it), and refreshed after its stage only where a later stage's synapse
                // reads it; where nothing reads the start value, the refresh declares the local.
                bool[] readBefore = new bool[n];
                bool[] readAfter = new bool[n];
                for (int k = 0; k < p.SynapseCount; k++)
                {
                    int source = p.SynapseSource[k];
                    bool after = LtcParameters.Stage(p.Solver, p.Role[p.SynapseTarget[k]]) > LtcParameters.Stage(p.Solver, p.Role[source]);
                    (after ? readAfter : readBefore)[source] = true;
                }

                for (int i = 0; i < n; i++)
                {
                    if (readBefore[i])
                    {
                        b.Line($"long v{i} = (f{i} + {read}) >> {ReadShift};");
                    }
                }

                for (int st = 0; st < stages; st++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        if (LtcParameters.Stage(p.Solver, p.Role[i]) != st)
                        {
                            continue;
                        }

                        var sums = new Sums("d", "g", p.Gleak[i], (long)p.Gleak[i] * p.Vleak[i], gShift[i]);
                        for (int k = 0; k < p.SensorySynapseCount; k++)
                        {
                            if (p.SensoryTarget[k] == i)
                            {
                                SensorySynapse(b, sums, p, k, weightShift);
                            }
                        }

                        for (int k = 0; k < p.SynapseCount; k++)
                        {
                            if (p.SynapseTarget[k] == i)
                            {
                                InternalSynapse(b, sums, p, generic, k, weightShift);
                            }
                        }

                        sums.Finish(b);
                        Neuron(b, p, i, cmt[i], "d", "g", gShift[i], (long)generic.GetStateLowerBound(i) << 16, (long)generic.GetStateUpperBound(i) << 16);
                    }

                    for (int i = 0; i < n; i++)
                    {
                        if (readAfter[i] && LtcParameters.Stage(p.Solver, p.Role[i]) == st)
                        {
                            b.Line($"{(readBefore[i] ? "" : "long ")}v{i} = (f{i} + {read}) >> {ReadShift};");
                        }
                    }
                }
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    b.Line($"long d{i} = {L(p.Gleak[i])}, g{i} = {L(((long)p.Gleak[i] * p.Vleak[i]) << gShift[i])};");
                }

                for (int i = 0; i < n; i++)
                {
                    if (readBySynapse[i])
                    {
                        b.Line($"long v{i} = (f{i} + {read}) >> {ReadShift};");
                    }
                }

                for (int i = 0; i < n; i++)
                {
                    if (cmt[i] == $"cmt{i}")
                    {
                        b.Line($"long cmt{i} = {CmTerm(p, i)};");
                    }
                }

                for (int k = 0; k < p.SensorySynapseCount; k++)
                {
                    SensorySynapse(b, Sums.Running(p.SensoryTarget[k], gShift[p.SensoryTarget[k]]), p, k, weightShift);
                }

                for (int i = 0; i < n; i++)
                {
                    b.Line($"long sd{i} = d{i}, sg{i} = g{i};");
                }

                for (int u = 0; u < p.Unfolds; u++)
                {
                    b.Line($"// unfold {u}");
                    if (u > 0)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            b.Line($"d{i} = sd{i};");
                            b.Line($"g{i} = sg{i};");
                        }
                    }

                    for (int st = 0; st < stages; st++)
                    {
                        for (int k = 0; k < p.SynapseCount; k++)
                        {
                            if (LtcParameters.Stage(p.Solver, p.Role[p.SynapseTarget[k]]) == st)
                            {
                                InternalSynapse(b, Sums.Running(p.SynapseTarget[k], gShift[p.SynapseTarget[k]]), p, generic, k, weightShift);
                            }
                        }

                        for (int i = 0; i < n; i++)
                        {
                            if (LtcParameters.Stage(p.Solver, p.Role[i]) == st)
                            {
                                Neuron(b, p, i, cmt[i], $"d{i}", $"g{i}", gShift[i], (long)generic.GetStateLowerBound(i) << 16, (long)generic.GetStateUpperBound(i) << 16);
                            }
                        }

                        if (u < p.Unfolds - 1 || st < stages - 1)
                        {
                            RefreshRead(b, p, st, readBySynapse, read);
                        }
                    }
                }
            }

            for (int i = 0; i < n; i++)
            {
                b.Line($"f[{i}] = f{i};");
            }

            if (!attitude)
            {
                b.Line("advanced = true;");
            }

            b.Close();
            b.Blank();
            if (!attitude)
            {
                b.Line($"if (outputsQ16 != null && outputsQ16.Length >= {p.MotorCount})");
                b.Open();
            }

            if (Enumerable.Range(0, p.MotorCount).Any(k => !OutputMapFitsInt(p, generic, k)))
            {
                b.Line("long y;");
            }

            if (attitude && Enumerable.Range(0, p.MotorCount).Any(k => OutputMapFitsInt(p, generic, k)))
            {
                b.Line("int c;");
            }

            for (int k = 0; k < p.MotorCount; k++)
            {
                // The offset inside the shift, as for the inputs (the same integer), and the scale and constant shifted by
                // LiteralShift of the smaller over the rounded state's hull.
                long outputConstant = 32768L + ((long)p.OutputOffset[k] << 16);
                long outputScale = p.OutputScale[k];
                long hull = Math.Max(Math.Abs((long)generic.GetStateLowerBound(k)), Math.Abs((long)generic.GetStateUpperBound(k))) + 1;
                long smallestOutput = outputConstant == 0 ? Math.Abs(outputScale) : Math.Min(Math.Abs(outputScale), Math.Abs(outputConstant));
                int ok = LiteralShift(smallestOutput, ((Int128)Math.Abs(outputScale) * hull) + Math.Abs(outputConstant));
                string mapped = $"(((f{k} + {FineHalf}) >> 16) * {L(outputScale << ok)} + {L(outputConstant << ok)}) >> {16 + ok}";
                if (attitude)
                {
                    // LtcController's clamp to [-1, 1] after the map's saturation to an int is the clamp alone (the
                    // interval lies inside the int range): one unsigned compare, of the int where the map fits one.
                    string axis = AttitudeOutputs[k];
                    if (OutputMapFitsInt(p, generic, k))
                    {
                        b.Line($"c = (int)({mapped});");
                        b.Line("if ((uint)(c + 65536) > 131072u)");
                        b.Open();
                        b.Line("c = c < 0 ? -65536 : 65536;");
                        b.Close();
                        b.Line($"command.{axis} = c;");
                    }
                    else
                    {
                        b.Line($"y = {mapped};");
                        b.Line($"command.{axis} = y > 65536L ? 65536 : (y < -65536L ? -65536 : (int)y);");
                    }
                }
                else if (OutputMapFitsInt(p, generic, k))
                {
                    b.Line($"outputsQ16[{k}] = (int)({mapped});");
                }
                else
                {
                    b.Line($"y = {mapped};");
                    b.Line($"outputsQ16[{k}] = y > int.MaxValue ? int.MaxValue : (y < int.MinValue ? int.MinValue : (int)y);");
                }
            }

            if (!attitude)
            {
                b.Close();
                b.Blank();
                b.Line("return advanced;");
            }

            b.Close();
        }
    }

    // LtcController's input layout (StepAttitude): the three errors (setpoint minus state) and the three rates.
    private static readonly (string Setpoint, string State)[] AttitudeErrors =
    [
        ("setpoint.RollRad", "state.Roll"), ("setpoint.PitchRad", "state.Pitch"), ("setpoint.YawRateRadS", "state.YawRate"),
    ];

    private static readonly string[] AttitudeRates = ["state.RollRate", "state.PitchRate", "state.YawRate"];

    private static readonly string[] AttitudeOutputs = ["Roll", "Pitch", "Yaw"];

    // Sensory synapse k, reading mapped input x_j (|x_j| within InputBound).
    private static void SensorySynapse(Writer b, Sums sums, LtcParameters p, int k, int weightShift)
    {
        int j = p.SensorySource[k];
        Reach reach = p.SensoryW[k] != 0 && p.SensorySigma[k] != 0 ? SensoryReach(p, k) : Reach.Across;
        Synapse(b, sums, $"x{j}", InputBound(p, j), reach, p.SensoryMu[k], SensoryArgumentShift, p.SensorySigma[k], p.SensoryW[k], p.SensoryErev[k], weightShift);
    }

    // Internal synapse k, reading its source neuron's rounded state (inside the neuron's hull: see ReadRange).
    private static void InternalSynapse(Writer b, Sums sums, LtcParameters p, LtcNetwork generic, int k, int weightShift)
    {
        int source = p.SynapseSource[k];
        Reach reach = p.SynapseW[k] != 0 && p.SynapseSigma[k] != 0 ? InternalReach(p, generic, k) : Reach.Across;
        Synapse(b, sums, $"v{source}", StateBound(generic, source), reach, (long)p.SynapseMu[k] << ReadShift, SynapseArgumentShift, p.SynapseSigma[k], p.SynapseW[k], p.SynapseErev[k], weightShift);
    }

    // Where sensory synapse k's argument can lie: its input x_j is any value within +-InputBound.
    private static Reach SensoryReach(LtcParameters p, int k)
    {
        long bound = InputBound(p, p.SensorySource[k]);
        return ArgumentReach(p.SensorySigma[k], p.SensoryMu[k], SensoryArgumentShift, bound, -bound, bound);
    }

    // Where internal synapse k's argument can lie: its source's rounded state is any value of ReadRange.
    private static Reach InternalReach(LtcParameters p, LtcNetwork generic, int k)
    {
        int source = p.SynapseSource[k];
        (long low, long high) = ReadRange(generic, source);
        return ArgumentReach(p.SynapseSigma[k], (long)p.SynapseMu[k] << ReadShift, SynapseArgumentShift, StateBound(generic, source), low, high);
    }

    // One synapse: arg = sigma * (source - mu) >> shift, written sigma * source - sigma * mu (the same integer: no
    // rounding before the shift, and the parameter limits keep both products far from overflow, below 2^59, so the
    // look-up offset's 2^44 at most changes nothing); the sigmoid inline (Sigmoid.EvalFine's look-up, as LtcNetwork
    // writes it: one unsigned test of t = arg + LookupOffset and one multiply-add, the same value for every argument)
    // with ws = w s rounded in each branch, so the saturated branches add constants: s = One gives
    // ws = (w 2^24 + 2^23) >> 24 = w, s = 0 gives ws = 2^23 >> 24 = 0.
    // Where t lies inside the table for every value the source can take (reach, from ArgumentReach), the test is left
    // out and only the look-up remains; where it lies above or below the table throughout, the synapse is its constant.
    // sourceBound bounds |source|; weightShift is the model's (see ToCSharp). The argument's sigma and constant are
    // shifted left by LiteralShift of sigma, and the shift after them as much (the same integer, as for the weight).
    private static void Synapse(Writer b, Sums sums, string source, long sourceBound, Reach reach, long mu, int shift, int sigma, int w, int erev, int weightShift)
    {
        if (w == 0)
        {
            return;
        }

        if (sigma == 0)
        {
            // arg = 0 for every input: s is the table's value at 0, the same constant the look-up gives.
            long constant = ((long)w * Sigmoid.EvalFine(0) + (1L << 23)) >> Sigmoid.ValueFractionBits;
            sums.AddConstant(b, constant, constant * erev);
            return;
        }

        (long sigmaK, long offsetK, int argumentShift) = Argument(sigma, mu, shift, sourceBound);
        if (reach == Reach.Above)
        {
            sums.AddConstant(b, w, (long)w * erev);
            return;
        }

        if (reach == Reach.Below)
        {
            return;
        }

        string argument = offsetK == 0 ? $"{L(sigmaK)} * {source}" : offsetK > 0
            ? $"{L(sigmaK)} * {source} - {L(offsetK)}"
            : $"{L(sigmaK)} * {source} + {L(-offsetK)}";
        b.Line($"t = ({argument}) >> {argumentShift};");
        string lookUp = "e = lookup[(int)(t >> Sigmoid.SegmentShift)];";
        string activation = $"ws = ({L((long)w << weightShift)} * (((e >> Sigmoid.SlopeBits) + (e & mask) * t) >> Sigmoid.SegmentShift) + activationHalf) >> {Sigmoid.ValueFractionBits + weightShift};";
        if (reach == Reach.Inside)
        {
            b.Line(lookUp);
            b.Line(activation);
            sums.EmitWeightedTerm(b, erev);
            sums.TermWritten();
            return;
        }

        b.Line("if ((ulong)t < (ulong)Sigmoid.LookupSpan)");
        b.Open();
        b.Line(lookUp);
        b.Line(activation);
        sums.EmitWeightedTerm(b, erev);
        b.Close();
        b.Line("else if (t >= 0)");
        b.Open();
        sums.EmitConstantTerm(b, w, erev);
        b.Close();
        if (sums.ZeroTermWrites)
        {
            b.Line("else");
            b.Open();
            sums.EmitConstantTerm(b, 0, erev);
            b.Close();
        }

        sums.TermWritten();
    }

    // The table argument t = arg + Sigmoid.LookupOffset as written: (sigmaK * source - offsetK) >> argumentShift, with
    // the offset folded into the constant (adding LookupOffset 2^shift before the shift is the same integer as adding
    // LookupOffset after it).
    private static (long SigmaK, long OffsetK, int ArgumentShift) Argument(int sigma, long mu, int shift, long sourceBound)
    {
        long offset = (long)sigma * mu - ((long)Sigmoid.LookupOffset << shift);
        int k = LiteralShift(Math.Abs((long)sigma), ((Int128)Math.Abs((long)sigma) * sourceBound) + Int128.Abs(offset));
        return ((long)sigma << k, offset << k, shift + k);
    }

    /// <summary>Where a synapse's table argument t can lie for every value of its source.</summary>
    private enum Reach
    {
        /// <summary>Inside the table at one end of the source's range and outside at the other: the test stays.</summary>
        Across,
        /// <summary>0 &lt;= t &lt; LookupSpan throughout: the look-up without its test.</summary>
        Inside,
        /// <summary>t &gt;= LookupSpan throughout: s = One, ws = w.</summary>
        Above,
        /// <summary>t &lt; 0 throughout: s = 0, ws = 0.</summary>
        Below,
    }

    // t is monotonic in the source (a floor of a linear function), so its extremes over source values in [low, high]
    // are at the two ends; the products stay below 2^62 (LiteralShift), so the long expression is this exact integer.
    private static Reach ArgumentReach(int sigma, long mu, int shift, long sourceBound, long low, long high)
    {
        (long sigmaK, long offsetK, int argumentShift) = Argument(sigma, mu, shift, sourceBound);
        Int128 atLow = ((Int128)sigmaK * low - offsetK) >> argumentShift;
        Int128 atHigh = ((Int128)sigmaK * high - offsetK) >> argumentShift;
        Int128 least = Int128.Min(atLow, atHigh);
        Int128 most = Int128.Max(atLow, atHigh);
        if (least >= 0 && most < Sigmoid.LookupSpan)
        {
            return Reach.Inside;
        }

        if (least >= Sigmoid.LookupSpan)
        {
            return Reach.Above;
        }

        return most < 0 ? Reach.Below : Reach.Across;
    }

    // One neuron's fused semi-implicit update, clamped to its hull, as in LtcNetwork.Integrate.
    // g is the neuron's sum kept shifted left by gShift: g >> gShift is LtcNetwork's.
    private static void Neuron(Writer b, LtcParameters p, int i, string cmt, string d, string gSum, int gShift, long lower, long upper)
    {
        string g = gShift == 0 ? gSum : $"({gSum} >> {gShift})";
        (bool alwaysPositive, bool productWhole, bool oneDivision) = Proofs(p, i, lower, upper);
        // d f >> 16 is the same integer as d (f >> 16) + (d (f & 0xFFFF) >> 16), LtcNetwork's split that cannot overflow
        // at the parameter limits: where this neuron's bounds prove |d f| < 2^62 the product is taken whole.
        string product = productWhole
            ? $"(({d} * f{i}) >> 16)"
            : $"{d} * (f{i} >> 16) - (({d} * (f{i} & 0xFFFF)) >> 16)";

        // Where |num| <= |g| + |d f >> 16| is proven below 2^47, LtcNetwork's single-division test always passes: one
        // division, with num and den in the expression (no locals to store and load).
        if (oneDivision)
        {
            b.Line($"f{i} += (({g} - {product}) << 16) / ({cmt} + {d});");
        }
        else
        {
            b.Line($"den = {cmt} + {d};");
            if (!alwaysPositive)
            {
                b.Line("if (den > 0)");
                b.Open();
            }

            b.Line($"num = {g} - {product};");
            b.Line("if ((ulong)(num + SingleDivisionLimit) < 2 * (ulong)SingleDivisionLimit)");
            b.Open();
            b.Line($"f{i} += (num << 16) / den;");
            b.Close();
            b.Line("else");
            b.Open();
            b.Line("q = num / den;");
            b.Line($"f{i} += (q << 16) + ((num - q * den) << 16) / den;");
            b.Close();
        }

        // The clamp to [lower, upper] as one unsigned compare of the offset from lower (no overflow: both bounds and
        // the state are far inside a long), so a state inside its hull costs one branch.
        b.Line($"if ((ulong)(f{i} - {L(lower)}) > {(ulong)(upper - lower)}UL)");
        b.Open();
        b.Line($"f{i} = f{i} < {L(lower)} ? {L(lower)} : {L(upper)};");
        b.Close();
        if (!alwaysPositive)
        {
            b.Close();
        }
    }

    // cm_t = cm K >> 18, with cm written shifted left by LiteralShift over the largest K (dt = 1 µs) and the shift after
    // it as much: the same integer. A lone product, so it may come up to 2^63 (nothing is added before the shift).
    private static string CmTerm(LtcParameters p, int i)
    {
        long cm = p.Cm[i];
        long largestK = ((long)p.Unfolds * Q16.MicrosPerSecond) << KFractionBits;
        int k = LiteralShift(cm, (Int128)cm * largestK, (Int128)1 << 63);
        return $"(({L(cm << k)} * k10) >> {CmTShift + k})";
    }

    // What a neuron's update may leave out: den > 0 for every dt (see the class summary); the product d f taken
    // whole (|d f| < 2^62); one division (also |num| <= |g| + |d f >> 16| + 1 below 2^47, and den > 0).
    private static (bool DenPositive, bool ProductWhole, bool OneDivision) Proofs(LtcParameters p, int i, long lower, long upper)
    {
        long smallestCmt = ((long)p.Cm[i] * ((long)p.Unfolds << KFractionBits)) >> CmTShift;
        bool denPositive = smallestCmt > 0 || p.Gleak[i] > 0;
        Bounds(p, i, lower, upper, out Int128 d, out Int128 g, out Int128 f);
        bool productWhole = d * f < (Int128)1 << 62;
        return (denPositive, productWhole, denPositive && productWhole && g + ((d * f) >> 16) + 1 < (Int128)1 << 47);
    }

    // |d| <= gleak + the sum of |w| of the incoming synapses (every ws lies between 0 and w, constant terms too),
    // |g| <= |gleak vleak| + the sum of |w erev|, and the fine state f lies in [lower, upper] (Reset starts it at
    // vleak, every update clamps it there).
    private static void Bounds(LtcParameters p, int i, long lower, long upper, out Int128 d, out Int128 g, out Int128 f)
    {
        d = Math.Abs((long)p.Gleak[i]);
        g = Math.Abs((long)p.Gleak[i] * p.Vleak[i]);
        for (int k = 0; k < p.SensorySynapseCount; k++)
        {
            if (p.SensoryTarget[k] == i)
            {
                d += Math.Abs((long)p.SensoryW[k]);
                g += Math.Abs((long)p.SensoryW[k] * p.SensoryErev[k]);
            }
        }

        for (int k = 0; k < p.SynapseCount; k++)
        {
            if (p.SynapseTarget[k] == i)
            {
                d += Math.Abs((long)p.SynapseW[k]);
                g += Math.Abs((long)p.SynapseW[k] * p.SynapseErev[k]);
            }
        }

        f = Math.Max(Math.Abs(lower), Math.Abs(upper));
    }

    // The rounded states of a stage's neurons, for the synapses of later stages (or unfolds) to read. A neuron whose
    // update was skipped (den <= 0) kept its state, so refreshing it anyway gives the value it had.
    private static void RefreshRead(Writer b, LtcParameters p, int stage, bool[] readBySynapse, string read)
    {
        for (int i = 0; i < p.NeuronCount; i++)
        {
            if (readBySynapse[i] && LtcParameters.Stage(p.Solver, p.Role[i]) == stage)
            {
                b.Line($"v{i} = (f{i} + {read}) >> {ReadShift};");
            }
        }
    }

    /// <summary>
    /// A neuron's conductance sums as the synapses add to them: running sums declared with the leak (d7 += ws), or
    /// one pair of locals per neuron whose first weighted term also brings the leak and every constant term (d = ws +
    /// gleak + constants): integer sums do not depend on the order of their terms.
    /// </summary>
    private sealed class Sums
    {
        private readonly string d;
        private readonly string g;
        private readonly int gShift;
        private readonly bool running;
        private long dConstant;
        private long gConstant;
        private bool started;

        /// <param name="gShift">The g sum is written shifted left by this (every term: see LiteralShift).</param>
        public Sums(string d, string g, long dLeak, long gLeak, int gShift)
        {
            this.d = d;
            this.g = g;
            this.gShift = gShift;
            dConstant = dLeak;
            gConstant = gLeak;
        }

        private Sums(int target, int gShift)
        {
            d = $"d{target}";
            g = $"g{target}";
            this.gShift = gShift;
            running = true;
        }

        public static Sums Running(int target, int gShift) => new(target, gShift);

        // A term of the g sum as written: shifted left by gShift.
        private string G(long value) => L(value << gShift);

        public void AddConstant(Writer b, long dc, long gc)
        {
            if (running)
            {
                b.Line($"{d} += {L(dc)};");
                if (gc != 0)
                {
                    b.Line($"{g} += {G(gc)};");
                }

                return;
            }

            // Before the first weighted term it joins the first assignment, after it the last one (Finish).
            dConstant += dc;
            gConstant += gc;
        }

        /// <summary>Whether a term of ws = 0 writes anything: only as the first assignment of the sums.</summary>
        public bool ZeroTermWrites => !running && !started;

        /// <summary>The term of the local ws, in one branch of a synapse (<see cref="TermWritten"/> after all).</summary>
        public void EmitWeightedTerm(Writer b, int erev)
        {
            if (running || started)
            {
                b.Line($"{d} += ws;");
                if (erev != 0)
                {
                    b.Line($"{g} += ws * {G(erev)};");
                }

                return;
            }

            b.Line(dConstant == 0 ? $"{d} = ws;" : $"{d} = ws + {L(dConstant)};");
            if (erev != 0)
            {
                b.Line(gConstant == 0 ? $"{g} = ws * {G(erev)};" : $"{g} = ws * {G(erev)} + {G(gConstant)};");
            }
            else
            {
                b.Line($"{g} = {G(gConstant)};");
            }
        }

        /// <summary>The term of a constant ws, in one branch of a synapse (<see cref="TermWritten"/> after all).</summary>
        public void EmitConstantTerm(Writer b, long ws, int erev)
        {
            if (running || started)
            {
                if (ws != 0)
                {
                    b.Line($"{d} += {L(ws)};");
                    if (erev != 0)
                    {
                        b.Line($"{g} += {G(ws * erev)};");
                    }
                }

                return;
            }

            b.Line($"{d} = {L(ws + dConstant)};");
            b.Line($"{g} = {G(ws * erev + gConstant)};");
        }

        /// <summary>After every branch of a synapse wrote its term: the sums are started.</summary>
        public void TermWritten()
        {
            if (running)
            {
                return;
            }

            started = true;
            dConstant = 0;
            gConstant = 0;
        }

        /// <summary>Completes the sums before the neuron's update: the leak alone, or constants that came last.</summary>
        public void Finish(Writer b)
        {
            if (!started)
            {
                b.Line($"{d} = {L(dConstant)};");
                b.Line($"{g} = {G(gConstant)};");
                return;
            }

            if (dConstant != 0)
            {
                b.Line($"{d} += {L(dConstant)};");
            }

            if (gConstant != 0)
            {
                b.Line($"{g} += {G(gConstant)};");
            }
        }
    }

    /// <summary>
    /// Whether LtcController's saturation of attitude error <paramref name="j"/> to an int changes nothing in the step:
    /// the input map (<paramref name="constant"/> and the scale shifted left by <paramref name="ik"/>, as written) is clamped to an int itself
    /// (it does not fit one, <see cref="InputMapFitsInt"/>), it takes each end of the int range past the int limit on
    /// its side (so an error beyond that end, which the saturation would move onto it, lands on the same limit through
    /// the monotonic map either way), and no difference of two ints can overflow its 64-bit product and sum.
    /// </summary>
    private static bool ErrorSaturationIdle(LtcParameters p, int j, long constant, int ik)
    {
        if (InputMapFitsInt(p, j))
        {
            return false;
        }

        Int128 scale = (Int128)p.InputScale[j] << ik;
        Int128 shifted = (Int128)constant << ik;
        int shift = 16 + ik;
        Int128 largestError = uint.MaxValue;
        if ((Int128.Abs(scale) * largestError) + Int128.Abs(shifted) >= (Int128)1 << 63)
        {
            return false;
        }

        Int128 atMax = ((int.MaxValue * scale) + shifted) >> shift;
        Int128 atMin = ((int.MinValue * scale) + shifted) >> shift;
        return scale > 0
            ? atMax >= int.MaxValue && atMin <= int.MinValue
            : scale < 0 && atMax <= int.MinValue && atMin >= int.MaxValue;
    }

    // |input * scale| <= 2^31 |scale|, so the rounded map of any int input stays within 2^15 |scale| + |offset| (+1):
    // where that fits an int, the clamp to int can never act and is left out.
    private static bool InputMapFitsInt(LtcParameters p, int j) =>
        (Math.Abs((long)p.InputScale[j]) << 15) + Math.Abs((long)p.InputOffset[j]) + 1 <= int.MaxValue;

    // The persistent state never leaves the neuron's hull (Reset starts at vleak, every update clamps), so the rounded
    // state is an int between the hull's bounds: converting it to int changes nothing, and where the mapped output at
    // both bounds fits an int (the map is monotonic) the clamp cannot act either.
    private static bool OutputMapFitsInt(LtcParameters p, LtcNetwork generic, int k)
    {
        long y1 = ((generic.GetStateLowerBound(k) * (long)p.OutputScale[k] + 32768L) >> 16) + p.OutputOffset[k];
        long y2 = ((generic.GetStateUpperBound(k) * (long)p.OutputScale[k] + 32768L) >> 16) + p.OutputOffset[k];
        return Math.Min(y1, y2) >= int.MinValue && Math.Max(y1, y2) <= int.MaxValue;
    }

    // A long literal in 32 bits is ldc.i4 + conv.i8 (or conv.u8) to the compiler, 112 host instructions on the
    // interpreter against 62 for ldc.i8.
    private const long LiteralLimit = uint.MaxValue;

    // The least nonzero |erev| of neuron i's synapses (0: none).
    private static long SmallestReversal(LtcParameters p, int i)
    {
        long smallest = 0;
        for (int k = 0; k < p.SensorySynapseCount; k++)
        {
            long e = Math.Abs((long)p.SensoryErev[k]);
            if (p.SensoryTarget[k] == i && p.SensoryW[k] != 0 && e != 0 && (smallest == 0 || e < smallest))
            {
                smallest = e;
            }
        }

        for (int k = 0; k < p.SynapseCount; k++)
        {
            long e = Math.Abs((long)p.SynapseErev[k]);
            if (p.SynapseTarget[k] == i && p.SynapseW[k] != 0 && e != 0 && (smallest == 0 || e < smallest))
            {
                smallest = e;
            }
        }

        return smallest;
    }

    /// <summary>
    /// How far a set of literals is written shifted left (with the shift after them shifted as much): the smallest
    /// shift k that takes <paramref name="smallest"/>, the least magnitude among them, past 32 bits, so that each loads
    /// with one ldc.i8; but never so far that <paramref name="reach"/>, the largest magnitude the expression they are
    /// in can take, reaches 2^62 shifted (then the largest k below that, which still takes the larger literals past).
    /// 0 when there is no literal (<paramref name="smallest"/> 0).
    /// </summary>
    public static int LiteralShift(long smallest, Int128 reach) => LiteralShift(smallest, reach, (Int128)1 << 62);

    /// <summary>
    /// <see cref="LiteralShift(long, Int128)"/> with the bound the shifted reach must stay below given: 2^63 for a lone
    /// product, to which nothing is added before its shift.
    /// </summary>
    public static int LiteralShift(long smallest, Int128 reach, Int128 limit)
    {
        int k = 0;
        while (smallest > 0 && (smallest << k) <= LiteralLimit && (reach << (k + 1)) < limit)
        {
            k++;
        }

        return k;
    }

    // |x_j| for every int input: the rounded map stays within 2^15 |scale| + |offset| + 1 (see InputMapFitsInt), and
    // within int either way (a map that does not fit is clamped to int).
    private static long InputBound(LtcParameters p, int j) =>
        Math.Min((Math.Abs((long)p.InputScale[j]) << 15) + Math.Abs((long)p.InputOffset[j]) + 1, 1L << 31);

    // The values of neuron i's rounded state v_i = (f_i + 128) >> 8 as synapses read it: the fine state f_i never leaves
    // the neuron's hull (Q16 bounds << 16; Reset starts it at vleak, every update clamps it there, a skipped update
    // keeps it), and the rounding is monotonic.
    private static (long Low, long High) ReadRange(LtcNetwork generic, int i) =>
        ((((long)generic.GetStateLowerBound(i) << 16) + 128) >> ReadShift, (((long)generic.GetStateUpperBound(i) << 16) + 128) >> ReadShift);

    // |v_i| = |(f_i + 128) >> 8| with the fine state inside neuron i's hull (Q16 bounds << 16).
    private static long StateBound(LtcNetwork generic, int i) =>
        ((Math.Max(Math.Abs((long)generic.GetStateLowerBound(i)), Math.Abs((long)generic.GetStateUpperBound(i))) << 16) >> ReadShift) + 1;

    private static string Solver(int solver) => solver == LtcParameters.SolverLayered ? "layered" : "jacobi";

    private static string L(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    /// <summary>Indented lines, 4 spaces per level, starting one level in (inside the namespace block).</summary>
    private sealed class Writer
    {
        private readonly StringBuilder text = new();
        private int depth = 1;

        public void Line(string line) => text.Append(' ', depth * 4).Append(line).Append('\n');

        public void Blank() => text.Append('\n');

        public void Open()
        {
            Line("{");
            depth++;
        }

        public void Close()
        {
            depth--;
            Line("}");
        }

        public override string ToString() => text.ToString();
    }
}
