// The one test executable of dormant; suites are selected with --run_test=<suite>.
#define BOOST_TEST_MODULE dormant
#include <boost/test/unit_test.hpp>
