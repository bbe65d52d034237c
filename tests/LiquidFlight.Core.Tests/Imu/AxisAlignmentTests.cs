using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Core.Tests.Imu;

public class AxisAlignmentTests
{
    // Expected body (FRD) vector for sensor reading (1, 2, 3), derived by hand from where each chip axis points:
    // Cw0: chip X fwd, Y left, Z up -> (x, -y, -z). Cw90: chip X right, Y fwd -> (y, x, -z).
    // Cw180: X back, Y right -> (-x, y, -z). Cw270: X left, Y back -> (-y, -x, -z).
    // Flip (underside, turned about pitch): Z down; Cw0Flip: X back, Y left -> (-x, -y, z).
    // The clockwise turn then moves the flipped axes: Cw90Flip: X left, Y fwd -> (y, -x, z).
    // Cw180Flip: X fwd, Y right -> (x, y, z). Cw270Flip: X right, Y back -> (-y, x, z).
    [Theory]
    [InlineData(BoardRotation.Cw0, 1, -2, -3)]
    [InlineData(BoardRotation.Cw90, 2, 1, -3)]
    [InlineData(BoardRotation.Cw180, -1, 2, -3)]
    [InlineData(BoardRotation.Cw270, -2, -1, -3)]
    [InlineData(BoardRotation.Cw0Flip, -1, -2, 3)]
    [InlineData(BoardRotation.Cw90Flip, 2, -1, 3)]
    [InlineData(BoardRotation.Cw180Flip, 1, 2, 3)]
    [InlineData(BoardRotation.Cw270Flip, -2, 1, 3)]
    public void Board_rotations_map_sensor_axes_to_FRD(BoardRotation rotation, int ex, int ey, int ez)
    {
        AxisAlignment.For(rotation).Apply(1, 2, 3, out int x, out int y, out int z);
        Assert.Equal((ex, ey, ez), (x, y, z));
    }

    [Theory]
    [InlineData(BoardRotation.Cw0, 1)]
    [InlineData(BoardRotation.Cw90, 1)]
    [InlineData(BoardRotation.Cw180, 1)]
    [InlineData(BoardRotation.Cw270, 1)]
    [InlineData(BoardRotation.Cw0Flip, -1)]
    [InlineData(BoardRotation.Cw90Flip, -1)]
    [InlineData(BoardRotation.Cw180Flip, -1)]
    [InlineData(BoardRotation.Cw270Flip, -1)]
    public void Level_at_rest_reads_gravity_reaction_up_whatever_the_mounting(BoardRotation rotation, int chipZSign)
    {
        // A face-up chip reads +1 g on its Z, an upside-down chip -1 g; the body must read -1 g on z either way.
        AxisAlignment.For(rotation).Apply(0, 0, chipZSign * 4096, out int x, out int y, out int z);
        Assert.Equal((0, 0, -4096), (x, y, z));
    }

    [Fact]
    public void Roll_right_on_a_chip_turned_90_degrees_shows_on_body_x()
    {
        // Chip X points right, chip Y forward: a roll rate about the forward axis appears on chip Y.
        AxisAlignment.For(BoardRotation.Cw90).Apply(0, 500, 0, out int x, out int y, out int z);
        Assert.Equal((500, 0, 0), (x, y, z));
    }

    [Fact]
    public void Custom_matrix_is_applied_as_body_equals_M_times_sensor()
    {
        var a = AxisAlignment.FromMatrix(new[] { 0, 0, 1, 1, 0, 0, 0, 1, 0 });
        a.Apply(1, 2, 3, out int x, out int y, out int z);
        Assert.Equal((3, 1, 2), (x, y, z));
    }

    [Fact]
    public void Custom_matrix_equal_to_Cw0_agrees_with_the_named_rotation()
    {
        var custom = AxisAlignment.FromMatrix(new[] { 1, 0, 0, 0, -1, 0, 0, 0, -1 });
        var named = AxisAlignment.For(BoardRotation.Cw0);
        custom.Apply(7, -5, 9, out int x1, out int y1, out int z1);
        named.Apply(7, -5, 9, out int x2, out int y2, out int z2);
        Assert.Equal((x2, y2, z2), (x1, y1, z1));
    }

    [Theory]
    [InlineData(new[] { 1, 0, 0, 0, 1, 0, 0, 0, -1 })] // mirror
    [InlineData(new[] { 2, 0, 0, 0, 1, 0, 0, 0, 1 })]  // not a unit entry
    [InlineData(new[] { 1, 0, 0, 1, 0, 0, 0, 0, 1 })]  // two rows read sensor x
    [InlineData(new[] { 1, 1, 0, 0, 1, 0, 0, 0, 1 })]  // two entries in a row
    [InlineData(new[] { 1, 0, 0 })]
    public void Invalid_custom_matrices_are_refused(int[] m)
    {
        Assert.Throws<ArgumentException>(() => AxisAlignment.FromMatrix(m));
    }
}
