namespace LiquidFlight.Sim.Runner;

/// <summary>Time series of one flight, one row per controller cycle (or per decimation step), for plots and CSV.</summary>
public sealed class FlightRecording(int neuronCount)
{
    public int NeuronCount { get; } = neuronCount;
    public List<double> TimeS { get; } = [];
    public List<double> RollDeg { get; } = [];
    public List<double> PitchDeg { get; } = [];
    public List<double> YawDeg { get; } = [];
    public List<double> RollSetpointDeg { get; } = [];
    public List<double> PitchSetpointDeg { get; } = [];
    public List<double> YawRateSetpointDegS { get; } = [];
    public List<double> EstimatedRollDeg { get; } = [];
    public List<double> EstimatedPitchDeg { get; } = [];
    public List<double> RollRateDegS { get; } = [];
    public List<double> PitchRateDegS { get; } = [];
    public List<double> YawRateDegS { get; } = [];
    public List<double> HeightM { get; } = [];
    public List<double>[] MotorOutput { get; } = [[], [], [], []];
    public List<double>[] NeuronState { get; } = Enumerable.Range(0, neuronCount).Select(_ => new List<double>()).ToArray();

    public int Count => TimeS.Count;

    public void WriteCsv(TextWriter w)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        w.Write("time_s,roll_deg,pitch_deg,yaw_deg,roll_sp_deg,pitch_sp_deg,yaw_rate_sp_dps,est_roll_deg,est_pitch_deg," +
                "roll_rate_dps,pitch_rate_dps,yaw_rate_dps,height_m,m1,m2,m3,m4");
        for (int n = 0; n < NeuronCount; n++)
        {
            w.Write($",neuron{n}");
        }

        w.WriteLine();
        for (int i = 0; i < Count; i++)
        {
            w.Write(string.Join(",", new[]
            {
                TimeS[i], RollDeg[i], PitchDeg[i], YawDeg[i], RollSetpointDeg[i], PitchSetpointDeg[i], YawRateSetpointDegS[i],
                EstimatedRollDeg[i], EstimatedPitchDeg[i], RollRateDegS[i], PitchRateDegS[i], YawRateDegS[i], HeightM[i],
                MotorOutput[0][i], MotorOutput[1][i], MotorOutput[2][i], MotorOutput[3][i],
            }.Select(v => v.ToString("G6", inv))));
            for (int n = 0; n < NeuronCount; n++)
            {
                w.Write(',');
                w.Write(NeuronState[n][i].ToString("G6", inv));
            }

            w.WriteLine();
        }
    }
}
