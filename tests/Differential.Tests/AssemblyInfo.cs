// The samples keep their maps in static fields, which managed runs clear and fill: tests that run
// the same sample must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
