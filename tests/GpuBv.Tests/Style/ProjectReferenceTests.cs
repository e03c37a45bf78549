using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace GpuBv.Tests.Style;

/// <summary>
/// The layering that the build alone does not enforce: the kernels project is device code and its launch, so it uses no
/// command line (System.CommandLine), no output format (Parquet.Net) and no plotting (ScottPlot); Core speaks no CLI
/// and draws nothing. Checked on the compiled assemblies (what the code really uses, however it got the package) and on
/// the kernels project file (what it asks for).
/// </summary>
public class ProjectReferenceTests
{
    private static readonly string[] FrontEndAssemblies = ["System.CommandLine", "ScottPlot"];

    [Theory]
    [InlineData("GpuBv.Kernels", new[] { "System.CommandLine", "Parquet", "ScottPlot", "gpubv" })]
    [InlineData("GpuBv.Core", new[] { "System.CommandLine", "ScottPlot", "gpubv", "GpuBv.Kernels", "ILGPU" })]
    public void AssemblyUsesNoneOf(string assembly, string[] forbidden)
    {
        var used = Assembly.Load(new AssemblyName(assembly)).GetReferencedAssemblies().Select(a => a.Name).ToHashSet();
        Assert.DoesNotContain(forbidden, used.Contains);
    }

    [Fact]
    public void TheKernelsProjectReferencesNoFrontEndOrFormatPackage()
    {
        var root = TestData.RepoRoot();
        if (root is null)
            Assert.Skip("no source tree above the test binary (GPU bundle)");
        var project = XDocument.Load(Path.Combine(root, "kernels", "GpuBv.Kernels", "GpuBv.Kernels.csproj"));
        var packages = project.Descendants("PackageReference").Select(e => (string?)e.Attribute("Include")).ToList();
        var projects = project.Descendants("ProjectReference").Select(e => Path.GetFileName((string?)e.Attribute("Include"))).ToList();

        Assert.DoesNotContain(packages, p => p is "Parquet.Net" || FrontEndAssemblies.Contains(p));
        Assert.DoesNotContain("GpuBv.Cli.csproj", projects);
    }
}
