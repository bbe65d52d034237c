using System;

namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// Rotation from the sensor's native axes to the body frame (FRD), restricted to signed permutations (the
    /// 24 rotations by multiples of 90 degrees), so applying it costs three index look-ups and sign flips and is
    /// exact: body[i] = Sign[i] * sensor[Source[i]].
    /// </summary>
    public sealed class AxisAlignment
    {
        /// <summary>For body axis i (0 = x forward, 1 = y right, 2 = z down): the sensor axis it reads.</summary>
        public readonly int SourceX;
        public readonly int SourceY;
        public readonly int SourceZ;

        /// <summary>+1 or -1 per body axis.</summary>
        public readonly int SignX;
        public readonly int SignY;
        public readonly int SignZ;

        private AxisAlignment(int[] m)
        {
            SourceX = SourceOf(m, 0);
            SourceY = SourceOf(m, 1);
            SourceZ = SourceOf(m, 2);
            SignX = m[SourceX];
            SignY = m[3 + SourceY];
            SignZ = m[6 + SourceZ];
        }

        /// <summary>Alignment for a chip mounted as <paramref name="rotation"/> (see <see cref="BoardRotation"/>).</summary>
        public static AxisAlignment For(BoardRotation rotation)
        {
            int r = (int)rotation;
            if (r < 0 || r > 7)
            {
                throw new ArgumentException("unknown board rotation");
            }

            // Sensor native (x, y, z up) to FRD with the chip's X forward: a half turn about x.
            int[] m = { 1, 0, 0, 0, -1, 0, 0, 0, -1 };
            if (r >= 4)
            {
                // Underside mounting: half turn about the pitch (y) axis.
                m = Multiply(new[] { -1, 0, 0, 0, 1, 0, 0, 0, -1 }, m);
            }

            // Clockwise seen from above is a positive turn about z (down): x goes to y, y goes to -x.
            int[] yaw90 = { 0, -1, 0, 1, 0, 0, 0, 0, 1 };
            for (int i = 0; i < (r & 3); i++)
            {
                m = Multiply(yaw90, m);
            }

            return new AxisAlignment(m);
        }

        /// <summary>
        /// A custom mounting: <paramref name="rowMajor"/> is the 3x3 matrix M with body = M * sensorNative, every
        /// entry -1, 0 or 1, one non-zero per row and column, determinant +1 (a rotation, not a mirror).
        /// </summary>
        public static AxisAlignment FromMatrix(int[] rowMajor)
        {
            if (rowMajor == null || rowMajor.Length != 9)
            {
                throw new ArgumentException("alignment matrix must have 9 entries");
            }

            for (int row = 0; row < 3; row++)
            {
                int nonZeroInRow = 0;
                int nonZeroInColumn = 0;
                for (int k = 0; k < 3; k++)
                {
                    int e = rowMajor[row * 3 + k];
                    if (e < -1 || e > 1)
                    {
                        throw new ArgumentException("alignment matrix entries must be -1, 0 or 1");
                    }

                    if (e != 0)
                    {
                        nonZeroInRow++;
                    }

                    if (rowMajor[k * 3 + row] != 0)
                    {
                        nonZeroInColumn++;
                    }
                }

                if (nonZeroInRow != 1 || nonZeroInColumn != 1)
                {
                    throw new ArgumentException("alignment matrix must have one non-zero entry per row and column");
                }
            }

            if (Determinant(rowMajor) != 1)
            {
                throw new ArgumentException("alignment matrix must be a rotation (determinant +1), not a mirror");
            }

            return new AxisAlignment(rowMajor);
        }

        public void Apply(int sensorX, int sensorY, int sensorZ, out int bodyX, out int bodyY, out int bodyZ)
        {
            bodyX = SignX * Pick(SourceX, sensorX, sensorY, sensorZ);
            bodyY = SignY * Pick(SourceY, sensorX, sensorY, sensorZ);
            bodyZ = SignZ * Pick(SourceZ, sensorX, sensorY, sensorZ);
        }

        private static int Pick(int axis, int x, int y, int z)
        {
            return axis == 0 ? x : (axis == 1 ? y : z);
        }

        private static int SourceOf(int[] m, int row)
        {
            for (int k = 0; k < 3; k++)
            {
                if (m[row * 3 + k] != 0)
                {
                    return k;
                }
            }

            return 0;
        }

        private static int[] Multiply(int[] a, int[] b)
        {
            var c = new int[9];
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    int sum = 0;
                    for (int k = 0; k < 3; k++)
                    {
                        sum += a[i * 3 + k] * b[k * 3 + j];
                    }

                    c[i * 3 + j] = sum;
                }
            }

            return c;
        }

        private static int Determinant(int[] m)
        {
            return m[0] * (m[4] * m[8] - m[5] * m[7])
                 - m[1] * (m[3] * m[8] - m[5] * m[6])
                 + m[2] * (m[3] * m[7] - m[4] * m[6]);
        }
    }
}
