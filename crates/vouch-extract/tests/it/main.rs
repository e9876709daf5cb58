//! Behaviour tests of the catalogers: conformance with the expectations extracted from
//! osv-scanner's and osv-scalibr's own test tables (../shared/corpus/lockfiles), the walk, and
//! bad input; OS package databases against the same osv-scalibr and osv-scanner tables.

mod binary;
mod cargo;
mod conformance;
mod graph_more;
mod graph_py_rb_php;
mod installed;
mod java;
mod javascript;
mod memory;
mod more_ecosystems;
mod npm;
mod os;
mod python;
mod python_go;
mod ruby_php_dotnet;
mod walk;
