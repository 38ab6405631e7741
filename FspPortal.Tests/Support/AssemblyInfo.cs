// Two cores: more parallel web hosts and browsers than this only slows everything down.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
