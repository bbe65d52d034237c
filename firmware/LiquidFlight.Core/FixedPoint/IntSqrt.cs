namespace LiquidFlight.Core.FixedPoint
{
    /// <summary>
    /// Integer square roots, exact (floor of the true root), integer only, with one 64-bit division.
    ///
    /// The value is normalised to m = value * 4^k in [2^62, 2^64), so sqrt(value) = sqrt(m) / 2^k. The top 8 bits
    /// of m pick one of 192 segments; on each, sqrt is bounded from above by its tangent at the segment's centre
    /// (sqrt is concave, so every tangent lies above it), with the entries rounded UP. That first guess is
    /// >= floor(sqrt(value)) and at most 2^-17 (relative) above the root. One Newton step from it then lands on the
    /// floor root or one above (its error is at most guess error^2 / 2 = 2^-35 of the root, below 1/8 at the
    /// largest roots, plus 1/2 for the truncations), and one multiplication decides which. The previous form,
    /// Newton from 2^ceil(bits/2) to a fixed point, needed six or seven 64-bit divisions: the expensive operation
    /// both on the simulator's host and on the board (a software routine on the ESP32).
    /// </summary>
    public static class IntSqrt
    {
        /// <summary>Number of tangent segments over m in [2^62, 2^64) (top 8 bits of m from 64 to 255).</summary>
        public const int Segments = 192;

        /// <summary>floor(sqrt(value)) for any unsigned 64-bit value.</summary>
        public static uint Sqrt(ulong value)
        {
            if (value < 2)
            {
                return (uint)value;
            }

            // Normalise by whole powers of 4 (binary search, 5 steps): m = value * 4^k, m in [2^62, 2^64).
            ulong m = value;
            int k = 0;
            if (m < 1UL << 32) { m <<= 32; k = 16; }
            if (m < 1UL << 48) { m <<= 16; k += 8; }
            if (m < 1UL << 56) { m <<= 8; k += 4; }
            if (m < 1UL << 60) { m <<= 4; k += 2; }
            if (m < 1UL << 62) { m <<= 2; k += 1; }

            // Tangent upper bound of sqrt(m) in [2^31, 2^32 + 2^24), from the segment's start value and its slope
            // times bits 24..55 of m; shifting it down by k keeps it >= floor(sqrt(value)) (floor is monotonic).
            int segment = (int)(m >> 56) - 64;
            ulong x = (SegmentBase[segment] + ((SegmentSlope[segment] * (ulong)(uint)(m >> 24)) >> 32)) >> k;

            // One Newton step: by AM-GM it cannot go below the floor root, and from this guess it ends at most one above.
            x = (x + value / x) >> 1;
            if (x > uint.MaxValue)
            {
                // Only x = 2^32 can get here, when the root is 2^32 - 1 (x*x would overflow below).
                return uint.MaxValue;
            }

            return x * x > value ? (uint)x - 1 : (uint)x;
        }

        /// <summary>Square root of a Q16.16 value, Q16.16, rounded down; zero or negative input gives 0.</summary>
        public static int SqrtQ16(int value)
        {
            if (value <= 0)
            {
                return 0;
            }

            return (int)Sqrt((ulong)value << Q16.FractionBits);
        }

        /// <summary>Table entries, read-only, for the tests that recompute them exactly.</summary>
        public static uint SegmentBaseEntry(int segment)
        {
            return SegmentBase[segment];
        }

        public static uint SegmentSlopeEntry(int segment)
        {
            return SegmentSlope[segment];
        }

        // Segment s covers m in [j 2^56, (j + 1) 2^56), j = s + 64; its tangent point is a = (j + 1/2) 2^56, where
        // sqrt(a) = 2^27 sqrt(4j + 2) and the slope is 1 / (2 sqrt(a)). In units of the root (m = j 2^56 + d):
        //   tangent(d) = 2^27 (4j + 1) / sqrt(4j + 2) + slope d,   slope * 2^56 = 2^28 / sqrt(4j + 2).
        // SegmentBase = ceil(2^27 (4j + 1) / sqrt(4j + 2)) + 2 (the 2 covers dropping the low 24 bits of d and the
        // truncating shift of the product); SegmentSlope = ceil(2^28 / sqrt(4j + 2)), below 2^24.
        private static readonly uint[] SegmentBase = new uint[]
        {
            2147499907, 2164211723, 2180795483, 2197254089, 2213590331, 2229806897, 2245906382, 2261891283,
            2277764013, 2293526902, 2309182198, 2324732074, 2340178632, 2355523904, 2370769858, 2385918395,
            2400971362, 2415930543, 2430797670, 2445574422, 2460262427, 2474863265, 2489378470, 2503809530,
            2518157893, 2532424965, 2546612110, 2560720658, 2574751901, 2588707095, 2602587464, 2616394199,
            2630128459, 2643791373, 2657384043, 2670907540, 2684362909, 2697751171, 2711073319, 2724330324,
            2737523131, 2750652664, 2763719825, 2776725494, 2789670532, 2802555779, 2815382055, 2828150163,
            2840860887, 2853514994, 2866113234, 2878656340, 2891145029, 2903580005, 2915961954, 2928291548,
            2940569447, 2952796295, 2964972724, 2977099351, 2989176785, 3001205617, 3013186431, 3025119796,
            3037006273, 3048846409, 3060640742, 3072389800, 3084094100, 3095754150, 3107370448, 3118943483,
            3130473734, 3141961673, 3153407761, 3164812454, 3176176197, 3187499428, 3198782577, 3210026066,
            3221230312, 3232395722, 3243522697, 3254611632, 3265662913, 3276676922, 3287654034, 3298594616,
            3309499032, 3320367637, 3331200782, 3341998811, 3352762065, 3363490876, 3374185574, 3384846482,
            3395473917, 3406068194, 3416629621, 3427158501, 3437655134, 3448119813, 3458552830, 3468954469,
            3479325013, 3489664737, 3499973917, 3510252820, 3520501711, 3530720853, 3540910503, 3551070914,
            3561202337, 3571305018, 3581379202, 3591425127, 3601443030, 3611433144, 3621395699, 3631330923,
            3641239038, 3651120266, 3660974823, 3670802926, 3680604786, 3690380611, 3700130609, 3709854983,
            3719553934, 3729227660, 3738876358, 3748500219, 3758099436, 3767674196, 3777224686, 3786751089,
            3796253586, 3805732357, 3815187578, 3824619424, 3834028068, 3843413680, 3852776427, 3862116478,
            3871433995, 3880729142, 3890002077, 3899252961, 3908481949, 3917689197, 3926874857, 3936039080,
            3945182015, 3954303811, 3963404614, 3972484567, 3981543813, 3990582493, 3999600747, 4008598713,
            4017576526, 4026534323, 4035472235, 4044390394, 4053288932, 4062167978, 4071027657, 4079868098,
            4088689424, 4097491759, 4106275226, 4115039944, 4123786034, 4132513614, 4141222801, 4149913710,
            4158586456, 4167241154, 4175877914, 4184496848, 4193098065, 4201681676, 4210247787, 4218796504,
            4227327934, 4235842182, 4244339349, 4252819539, 4261282853, 4269729392, 4278159254, 4286572538,
        };

        private static readonly uint[] SegmentSlope = new uint[]
        {
            16712062, 16583998, 16458834, 16336462, 16216779, 16099689, 15985099, 15872922,
            15763073, 15655474, 15550049, 15446725, 15345434, 15246110, 15148690, 15053113,
            14959324, 14867265, 14776886, 14688135, 14600964, 14515328, 14431180, 14348479,
            14267184, 14187255, 14108655, 14031347, 13955295, 13880467, 13806831, 13734353,
            13663005, 13592758, 13523583, 13455454, 13388344, 13322228, 13257083, 13192883,
            13129608, 13067234, 13005741, 12945108, 12885315, 12826343, 12768173, 12710788,
            12654169, 12598301, 12543166, 12488748, 12435033, 12382005, 12329649, 12277952,
            12226900, 12176480, 12126678, 12077483, 12028881, 11980861, 11933412, 11886522,
            11840181, 11794377, 11749101, 11704343, 11660092, 11616339, 11573075, 11530291,
            11487977, 11446127, 11404730, 11363780, 11323267, 11283184, 11243524, 11204280,
            11165444, 11127008, 11088967, 11051313, 11014041, 10977143, 10940613, 10904446,
            10868634, 10833174, 10798058, 10763282, 10728839, 10694725, 10660934, 10627462,
            10594303, 10561452, 10528905, 10496657, 10464704, 10433041, 10401663, 10370567,
            10339748, 10309202, 10278925, 10248914, 10219164, 10189671, 10160432, 10131444,
            10102702, 10074204, 10045945, 10017923, 9990134, 9962575, 9935242, 9908134,
            9881246, 9854576, 9828121, 9801877, 9775843, 9750015, 9724391, 9698968,
            9673743, 9648714, 9623878, 9599233, 9574776, 9550505, 9526418, 9502513,
            9478786, 9455236, 9431861, 9408658, 9385626, 9362762, 9340065, 9317531,
            9295160, 9272949, 9250897, 9229002, 9207261, 9185673, 9164236, 9142948,
            9121809, 9100815, 9079965, 9059258, 9038692, 9018266, 8997977, 8977825,
            8957808, 8937924, 8918171, 8898549, 8879056, 8859691, 8840451, 8821337,
            8802346, 8783477, 8764729, 8746100, 8727590, 8709197, 8690919, 8672756,
            8654707, 8636770, 8618944, 8601227, 8583620, 8566120, 8548727, 8531439,
            8514256, 8497176, 8480199, 8463323, 8446547, 8429871, 8413293, 8396813,
        };
    }
}
