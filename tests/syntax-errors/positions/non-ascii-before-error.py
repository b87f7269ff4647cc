café = "über" +
