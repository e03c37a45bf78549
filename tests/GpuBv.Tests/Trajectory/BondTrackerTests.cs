using System.IO.Compression;
using GpuBv.Crystal;
using GpuBv.IO.Structures;
using GpuBv.Trajectory;
using GpuBv.Trajectory.Analysis;
using Xunit;

namespace GpuBv.Tests.Trajectory;

public sealed class BondTrackerTests
{
    private const double Bond = 2.05;
    private static readonly string[] Elements = ["Li", "P", "S", "S", "S", "S"];

    /// <summary>Rotation of <paramref name="v"/> by <paramref name="angle"/> (rad) about the unit axis <paramref
    /// name="k"/> (Rodrigues).</summary>
    private static Vec3 Rotate(Vec3 v, Vec3 k, double angle)
        => v * Math.Cos(angle) + Vec3.Cross(k, v) * Math.Sin(angle) + k * (Vec3.Dot(k, v) * (1 - Math.Cos(angle)));

    /// <summary>Tetrahedral PS4 bond vectors (S along ±(1,1,1)-type directions).</summary>
    private static Vec3[] Tetrahedron()
    {
        double s = Bond / Math.Sqrt(3);
        return [new(s, s, s), new(s, -s, -s), new(-s, s, -s), new(-s, -s, s)];
    }

    private static Frame MakeFrame(int index, Lattice lat, Vec3 li, Vec3 centre, Vec3[] bonds)
        => TestFrames.FromCartesian(index, lat, [li, centre, .. bonds.Select(b => centre + b)]);

    private static readonly TrajectoryGroup Group = new(0, 1, "P", [2, 3, 4, 5], ["S", "S", "S", "S"]);

    [Fact]
    public void RigidTranslationAcrossTheBoundaryLeavesBondsAndAnglesUnchanged()
    {
        var lat = Lattice.FromParameters(9, 9, 9, 90, 90, 90);
        var shift = new Vec3(0.37, 0.21, -0.13);
        var frames = new List<Frame>();
        for (int t = 0; t < 40; t++)
        {
            var d = shift * t;
            frames.Add(MakeFrame(t, lat, new Vec3(3, 1, 8) + d, new Vec3(7.5, 8.2, 0.5) + d, Tetrahedron()));
        }
        var r = BondTracker.Track(TestFrames.Reader(Elements, frames), 0, Group, timeStep: 1.5);

        Assert.Equal(40, r.Times.Length);
        Assert.Equal(39 * 1.5, r.Times[^1], 12);
        var li = new Vec3(3, 1, 8);
        var c = new Vec3(7.5, 8.2, 0.5);
        for (int t = 0; t < 40; t++)
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(0.0, r.BondAnglesDeg[j, t], 5);
                Assert.Equal(Bond, r.BondLengths[j, t], 9);
                var ca = lat.MinimumImageVector(lat.ToFractional(c + Tetrahedron()[j] - li)).Length;
                Assert.Equal(ca, r.CationAnionDistances[j, t], 9);
            }
        Assert.All(r.CationCenterDistances, d => Assert.Equal(lat.MinimumImageVector(lat.ToFractional(c - li)).Length, d, 9));
    }

    [Fact]
    public void RigidRotationGivesTheAppliedAngle()
    {
        var lat = Lattice.FromParameters(10, 10, 12, 90, 90, 120);
        var axis = new Vec3(0, 0, 1);
        // Square-planar group in the plane perpendicular to the axis: every bond turns by exactly the applied angle.
        var planar = new Vec3[] { new(Bond, 0, 0), new(0, Bond, 0), new(-Bond, 0, 0), new(0, -Bond, 0) };
        var centre = new Vec3(0.3, 0.2, 11.8); // near a corner: anions wrap across the boundary
        var frames = new List<Frame>();
        var angles = Enumerable.Range(0, 19).Select(t => t * 10.0).ToArray(); // 0 … 180°
        for (int t = 0; t < angles.Length; t++)
        {
            double a = angles[t] * Math.PI / 180;
            frames.Add(MakeFrame(t, lat, new Vec3(4, 4, 6), centre + new Vec3(0.05 * t, 0, 0), planar.Select(b => Rotate(b, axis,
                a)).ToArray()));
        }
        var r = BondTracker.Track(TestFrames.Reader(Elements, frames), 0, Group, timeStep: 1);
        for (int t = 0; t < angles.Length; t++)
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(angles[t], r.BondAnglesDeg[j, t], 6);
                Assert.Equal(Bond, r.BondLengths[j, t], 9);
            }

        // A tetrahedron about z: each bond at β from the axis turns by θ with cos θ = cos²β + sin²β cos α.
        frames.Clear();
        for (int t = 0; t < angles.Length; t++)
        {
            double a = angles[t] * Math.PI / 180;
            frames.Add(MakeFrame(t, lat, new Vec3(4, 4, 6), centre, Tetrahedron().Select(b => Rotate(b, axis, a)).ToArray()));
        }
        r = BondTracker.Track(TestFrames.Reader(Elements, frames), 0, Group, timeStep: 1);
        double cosB2 = 1.0 / 3;
        for (int t = 0; t < angles.Length; t++)
        {
            double expected = Math.Acos(cosB2 + (1 - cosB2) * Math.Cos(angles[t] * Math.PI / 180)) * 180 / Math.PI;
            for (int j = 0; j < 4; j++)
                Assert.Equal(expected, r.BondAnglesDeg[j, t], 6);
        }
    }

    [Fact]
    public void StartFrameSetsTheReferenceAndNearestGroupIsChosenAtTini()
    {
        var lat = Lattice.FromParameters(12, 12, 12, 90, 90, 90);
        string[] elements = ["Li", "P", "S", "S", "S", "S", "P", "S", "S", "S", "S"];
        var g0 = new TrajectoryGroup(0, 1, "P", [2, 3, 4, 5], ["S", "S", "S", "S"]);
        var g1 = new TrajectoryGroup(1, 6, "P", [7, 8, 9, 10], ["S", "S", "S", "S"]);
        var frames = new List<Frame>();
        for (int t = 0; t < 10; t++)
        {
            // Li next to group 1 before frame 4, next to group 0 from frame 4 on; group 0 turns 5° per frame about x.
            var li = t < 4 ? new Vec3(9, 6, 6) : new Vec3(3, 6, 6);
            var b0 = Tetrahedron().Select(b => Rotate(b, new Vec3(1, 0, 0), t * 5 * Math.PI / 180)).ToArray();
            frames.Add(TestFrames.FromCartesian(t, lat,
                [li, new Vec3(1, 6, 6), .. b0.Select(b => new Vec3(1, 6, 6) + b), new Vec3(11, 6, 6), .. Tetrahedron().Select(b =>
                    new Vec3(11, 6, 6) + b)]));
        }
        Assert.Equal(1, BondTracker.NearestGroup(frames[0], 0, [g0, g1]).Index);
        var r = BondTracker.TrackNearest(TestFrames.Reader(elements, frames), 0, [g0, g1], timeStep: 2, startFrame: 4);
        Assert.Equal(0, r.Group.Index);
        Assert.Equal(4, r.StartFrame);
        Assert.Equal(6, r.Times.Length);
        Assert.Equal(2.0, r.CationCenterDistances[0], 9);
        // The bond along (s, s, s) is at 54.7° from x: relative to frame 4 it turns by cos θ = 1/3 + 2/3 cos(5° (t − 4)).
        for (int t = 0; t < 6; t++)
        {
            double expected = Math.Acos(1.0 / 3 + 2.0 / 3 * Math.Cos(t * 5 * Math.PI / 180)) * 180 / Math.PI;
            Assert.Equal(expected, r.BondAnglesDeg[0, t], 6);
        }
    }

    [Fact]
    public void GroupsFoundByDistanceOnFrameZero()
    {
        var lat = Lattice.FromParameters(12, 12, 12, 90, 90, 90);
        string[] elements = ["Li", "P", "S", "S", "S", "S", "S"];
        // Four bonded S and one free S2- 4 Å away.
        var frame = TestFrames.FromCartesian(0, lat,
            [new Vec3(5, 5, 5), new Vec3(0.5, 0.5, 0.5), .. Tetrahedron().Select(b => new Vec3(0.5, 0.5, 0.5) + b), new Vec3(0.5,
                4.5, 0.5)]);
        var header = new TrajectoryHeader(elements, "t");
        var groups = TrajectoryGroups.Find(header, frame, "P", "S");
        var g = Assert.Single(groups);
        Assert.Equal(1, g.CenterAtom);
        Assert.Equal(new[] { 2, 3, 4, 5 }, g.Anions);
        Assert.Equal("PS4", g.Formula);
        Assert.Equal(3, TrajectoryGroups.Find(header, frame, "P", "S", coordination: 3)[0].Anions.Count);
        Assert.Equal(5, TrajectoryGroups.Find(header, frame, "P", "S", bondCutoff: 4.5)[0].Anions.Count);
    }

    /// <summary>
    /// Hexagonal (γ = 60°) cell: every distance the tracker reports equals a brute-force search over the periodic
    /// images (125 images of the wrapped difference, a superset of the 27 around it), for every pair of atoms.
    /// </summary>
    [Fact]
    public void HexagonalCellDistancesEqualBruteForce()
    {
        var path = Path.Combine(TestData.Root, "trajectories", "LiBF4comp_Li3B3F12_QE_MD_300K.extxyz.gz");
        Structure s;
        using (var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress))
        using (var text = new StreamReader(gz))
            s = ExtXyzReader.Read(text, path);
        var lat = s.Lattice;
        Assert.InRange(lat.Gamma, 59.95, 60.05); // 60.012° as stored
        int n = s.Sites.Length;
        var frac = s.Sites.SelectMany(x => new[] { x.Fractional.X, x.Fractional.Y, x.Fractional.Z }).ToArray();
        var frame = new Frame(0, lat, frac);
        var elements = s.Sites.Select(x => x.Species[0].Element).ToArray();

        double Brute(int i, int j)
        {
            var d = (s.Sites[j].Fractional - s.Sites[i].Fractional).Wrap();
            double best = double.MaxValue;
            for (int a = -2; a <= 2; a++)
                for (int b = -2; b <= 2; b++)
                    for (int c = -2; c <= 2; c++)
                        best = Math.Min(best, lat.ToCartesian(new Vec3(d.X + a, d.Y + b, d.Z + c)).Length);
            return best;
        }

        int naiveWrong = 0;
        for (int centre = 0; centre < n; centre++)
        {
            int cation = (centre + 1) % n;
            var others = Enumerable.Range(0, n).Where(j => j != centre).ToArray();
            var group = new TrajectoryGroup(0, centre, elements[centre], others, others.Select(j => elements[j]).ToArray());
            var r = BondTracker.Track(TestFrames.Reader(elements, [frame]), cation, group, timeStep: 1);
            for (int k = 0; k < others.Length; k++)
            {
                Assert.Equal(Brute(centre, others[k]), r.BondLengths[k, 0], 10);
                Assert.Equal(Brute(cation, others[k]), r.CationAnionDistances[k, 0], 10);
                var naive = lat.ToCartesian((s.Sites[others[k]].Fractional - s.Sites[centre].Fractional).MinimumImage()).Length;
                if (naive > r.BondLengths[k, 0] + 1e-6)
                    naiveWrong++;
            }
            Assert.Equal(Brute(cation, centre), r.CationCenterDistances[0], 10);
        }
        Assert.True(naiveWrong > 0, "the frame should hold pairs where rounding the fractional difference is not the minimum image");
    }
}
