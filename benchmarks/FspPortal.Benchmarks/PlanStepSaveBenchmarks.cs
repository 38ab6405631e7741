using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FspPortal.Web.Extensions;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Plans.Wizard;

namespace FspPortal.Benchmarks;

/// <summary>
/// Saving one step of a large plan (30 family members, 30 plan lines) through the real service and a real
/// SQLite file in WAL mode: validation, load, apply to the aggregate, store, commit. Target: median under 20 ms.
/// </summary>
[MemoryDiagnoser, MedianColumn]
public class PlanStepSaveBenchmarks
{
    private WebApplication app = default!;
    private PlanWizardService wizard = default!;
    private Guid planId;
    private const string UserId = "benchmark-user";
    private FamilyMembersStep members = default!;
    private SummaryAndPlanStep lines = default!;
    private int counter;
    private string dataDirectory = "";

    [GlobalSetup]
    public void Setup()
    {
        dataDirectory = Path.Combine(Path.GetTempPath(), "fsp-bench", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(["--Storage:DataDirectory=" + dataDirectory, "--Logging:LogLevel:Default=Warning"]);
        builder.AddFspPortal();
        app = builder.Build();
        app.InitialiseDatabaseAsync().GetAwaiter().GetResult();
        wizard = app.Services.GetRequiredService<PlanWizardService>();
        planId = wizard.StartAsync(UserId).GetAwaiter().GetResult();

        var today = wizard.ContextAsync().GetAwaiter().GetResult().Today;
        members = new FamilyMembersStep
        {
            Members = Enumerable.Range(1, 30).Select(i => new FamilyMemberForm
            {
                Name = $"Family member {i}", Relationship = i % 3 == 0 ? "sibling" : "friend",
                DateOfBirth = i % 3 == 0 ? today.AddYears(-5).ToString("yyyy-MM-dd") : "", PartOfFsp = i % 9 == 0,
            }).ToList(),
        };
        lines = new SummaryAndPlanStep
        {
            PractitionerSummary = new string('s', 1500),
            Lines = Enumerable.Range(1, 30).Select(i => new PlanLineForm
            {
                FocusArea = "education", WhatNeedsToChange = new string('c', 300), WhatWillBeDone = new string('d', 300), Who = "Jane",
                ByWhen = today.AddDays(i).ToString("yyyy-MM-dd"), ScoreNow = "5",
            }).ToList(),
        };
        Check(wizard.SaveStepAsync(planId, UserId, WizardSteps.Get(3)!, members).GetAwaiter().GetResult());
        Check(wizard.SaveStepAsync(planId, UserId, WizardSteps.Get(8)!, lines).GetAwaiter().GetResult());
    }

    private static void Check(StepSaveResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(result.Problem ?? string.Join("; ", result.Errors));
    }

    [Benchmark(Description = "Next on step 5 (Family's Story) of a 30-member, 30-line plan")]
    public async Task SaveFamilyStory() =>
        Check(await wizard.SaveStepAsync(planId, UserId, WizardSteps.Get(5)!, new FamilyStoryStep { KeyEventsNow = $"Events {++counter}" }));

    [Benchmark(Description = "Next on step 3 (30 family members)")]
    public async Task SaveFamilyMembers()
    {
        members.Members[0].Name = $"Family member {++counter}";
        Check(await wizard.SaveStepAsync(planId, UserId, WizardSteps.Get(3)!, members));
    }

    [Benchmark(Description = "Next on step 8 (30 plan lines)")]
    public async Task SavePlanLines()
    {
        lines.Lines[0].Who = $"Jane {++counter}";
        Check(await wizard.SaveStepAsync(planId, UserId, WizardSteps.Get(8)!, lines));
    }

    [Benchmark(Description = "Autosave of step 8 as typed")]
    public async Task AutosavePlanLines() => await wizard.AutosaveAsync(planId, UserId, WizardSteps.Get(8)!, lines);

    [GlobalCleanup]
    public void Cleanup()
    {
        app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, true);
    }
}

public static class Program
{
    // In-process: the app's services are built here, no separate benchmark project is generated.
    public static async Task Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "jobs")
        {
            await JobsBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1_000_000, args.Length > 2 ? int.Parse(args[2]) : 100_000, args.Length > 3 ? int.Parse(args[3]) : 2_000);
            return;
        }
        if (args.Length > 0 && args[0] == "retention")
        {
            await RetentionBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1_000_000, args.Length > 2 ? int.Parse(args[2]) : 50_000, args.Length > 3 ? int.Parse(args[3]) : 2_000);
            return;
        }
        if (args.Length > 0 && args[0] == "subjectaccess")
        {
            await SubjectAccessBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 3, args.Length > 2 ? int.Parse(args[2]) : 20, args.Length > 3 ? int.Parse(args[3]) : 500);
            return;
        }
        if (args.Length > 0 && args[0] == "live")
        {
            await LiveBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 300, args.Length > 2 ? int.Parse(args[2]) : 50);
            return;
        }
        if (args.Length > 0 && args[0] == "crossserver")
        {
            await CrossServerBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 300);
            return;
        }
        if (args.Length > 0 && args[0] == "outcomes")
        {
            await OutcomesBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 100_000, args.Length > 2 ? int.Parse(args[2]) : 2_000, args.Length > 3 ? int.Parse(args[3]) : 10_000);
            return;
        }
        if (args.Length > 1 && args[0] == "hold")
        {
            await Circuits.CircuitHolder.RunHolderAsync(args[1]);
            return;
        }
        if (args.Length > 0 && args[0] == "circuits")
        {
            var levels = args.Length > 1 ? args[1].Split(',').Select(int.Parse).ToArray() : [0, 1000, 2000, 5000];
            var activeUsers = args.Length > 2 ? int.Parse(args[2]) : 10;
            await Circuits.CircuitBenchmark.RunAsync(levels, activeUsers, args.Length > 3 ? int.Parse(args[3]) : 5,
                args.Length > 4 ? int.Parse(args[4]) : Math.Min(2, activeUsers));
            return;
        }
        if (args.Length > 0 && args[0] == "firstload")
        {
            await Circuits.FirstLoadBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 5);
            return;
        }
        if (args.Length > 0 && args[0] == "council")
        {
            await CouncilBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 100_000, args.Length > 2 ? int.Parse(args[2]) : 2_000);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args,
            DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)).WithOptions(ConfigOptions.DisableOptimizationsValidator));
    }
}
