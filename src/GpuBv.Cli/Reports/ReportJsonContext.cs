using System.Text.Json.Serialization;
using GpuBv.Cli.Reports.Traj;

namespace GpuBv.Cli.Reports;

/// <summary>
/// Compile-time JSON metadata of every report (System.Text.Json source generation): a call that prints JSON runs
/// generated code instead of building its serializers by reflection at start-up (the Python package prints JSON on
/// every call).
/// </summary>
[JsonSerializable(typeof(BvseReport))]
[JsonSerializable(typeof(CouplingReport))]
[JsonSerializable(typeof(CompareReport))]
[JsonSerializable(typeof(InfoReport))]
[JsonSerializable(typeof(ShmReport))]
[JsonSerializable(typeof(AcfReport))]
[JsonSerializable(typeof(BondsReport))]
[JsonSerializable(typeof(DensityReport))]
[JsonSerializable(typeof(DiffusionReport))]
[JsonSerializable(typeof(DisplacementReport))]
[JsonSerializable(typeof(HopsReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
