// Browser tests judge what a person sees frame by frame; CPU-heavy tests running beside them on a 2-core
// machine would make the browser and the app stutter. One test class at a time keeps them honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
