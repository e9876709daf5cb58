//! Behaviour tests of the catalogers: conformance with the expectations extracted from
//! osv-scanner's and osv-scalibr's own test tables (../shared/corpus/lockfiles), the walk, and
//! bad input.

mod binary;
mod cargo;
mod conformance;
mod graph_more;
mod graph_py_rb_php;
mod java;
mod javascript;
mod more_ecosystems;
mod npm;
mod python;
mod python_go;
mod ruby_php_dotnet;
mod walk;
