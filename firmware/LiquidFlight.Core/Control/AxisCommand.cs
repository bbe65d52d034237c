namespace LiquidFlight.Core.Control
{
    /// <summary>
    /// Normalised torque demand per body axis, each in [-1, 1] Q16.16, in FRD sense: positive roll rolls right,
    /// positive pitch raises the nose, positive yaw turns the nose right. The mixer turns it into motor outputs.
    /// </summary>
    public sealed class AxisCommand
    {
        public int Roll;
        public int Pitch;
        public int Yaw;

        public void Clear()
        {
            Roll = 0;
            Pitch = 0;
            Yaw = 0;
        }
    }
}
