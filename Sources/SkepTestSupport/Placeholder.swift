// SkepTestSupport
