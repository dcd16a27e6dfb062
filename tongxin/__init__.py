"""同心 Tongxin: grid-based social governance and citizen appeals."""
