using SkiaSharp;

namespace GpuBv.Cli.Plots;

/// <summary>The title lines above a figure composed of several panels (TrajPlots, CompareFigure).</summary>
internal static class FigureTitle
{
    /// <summary>Pixels the title's lines take above the panels.</summary>
    public static int Height(string[] lines) => 12 + 22 * lines.Length;

    /// <summary>Draws the lines, black on the canvas's top left.</summary>
    public static void Draw(SKCanvas canvas, string[] lines)
    {
        using var font = new SKFont(SKTypeface.Default, 17);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (int i = 0; i < lines.Length; i++)
            canvas.DrawText(lines[i], 12, 23 + 22 * i, font, paint);
    }
}
