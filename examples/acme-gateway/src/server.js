// The web UI of the fictional Acme Gateway: just enough code for the example delivery.
"use strict";

const express = require("express");
const helmet = require("helmet");

const app = express();
app.use(helmet());

app.get("/health", (_req, res) => {
  res.json({ status: "ok" });
});

app.use(
  require("express").static("public", {
    setHeaders: (res) => res.set("Cache-Control", "no-store"),
  })
);

app.listen(8080, () => console.log("listening on %d", 8080));
