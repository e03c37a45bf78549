namespace GpuBv.Bvse;

/// <summary>
/// The tile-index arithmetic shared by <see cref="TiledFramework"/> and the device kernel: tiles of edge E points over
/// an N1×N2×N3 grid, numbered with the third index fastest. Plain integer code, so a GPU kernel can call it.
/// </summary>
public static class TileMath
{
    /// <summary>Tiles of edge <paramref name="edge"/> needed to cover <paramref name="points"/> points.</summary>
    /// <param name="points">Grid points along one axis.</param>
    /// <param name="edge">Tile edge in points.</param>
    public static int Count(int points, int edge) => (points + edge - 1) / edge;

    /// <summary>The first grid point (<paramref name="i"/>, <paramref name="j"/>, <paramref name="k"/>) of a tile.</summary>
    /// <param name="tile">The tile number (third index fastest).</param>
    /// <param name="t2">Tiles along the second axis.</param>
    /// <param name="t3">Tiles along the third axis.</param>
    /// <param name="edge">Tile edge in points.</param>
    /// <param name="i">First index of the tile's first point.</param>
    /// <param name="j">Second index of the tile's first point.</param>
    /// <param name="k">Third index of the tile's first point.</param>
    public static void Origin(int tile, int t2, int t3, int edge, out int i, out int j, out int k)
    {
        int tc = tile % t3;
        int tab = tile / t3;
        int tb = tab % t2;
        int ta = tab / t2;
        i = ta * edge;
        j = tb * edge;
        k = tc * edge;
    }
}
