// SkepConfig
